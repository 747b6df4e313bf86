/**
 * examples/adopt-existing-bus.json in the shared plan: its security stack imports the policy of a bus
 * the loopback stand-in describes; that stack exported as HCL; against the state its first apply
 * leaves; synthesized from other descriptions of the bus (a kept statement full of template
 * sequences, a bus with no policy). Their import blocks are hoisted into the shared root.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { exportTopology } from "../../pipeline/export";
import { synthesizeTopology } from "../../stacks/synthesize";
import { loadTopology, loadTopologyFile } from "../../topology/load";
import { DescribedBus } from "./sts-stand-in";
import { synthesize } from "./synth";
import { PROJECT } from "./project";
import { StackJson } from "./terraform";
import { ModuleInput } from "./terraform-root";

export const ADOPT_EXAMPLE = "examples/adopt-existing-bus.json";
const DESCRIBED_BUS = join(PROJECT, "examples", "existing-policies", "security-default-bus.json");

/** The bus the adopt example describes. */
export const describedBus = (): DescribedBus => JSON.parse(readFileSync(DESCRIBED_BUS, "utf8"));

/** The address of the bus policy in the security stack. */
export const POLICY = "aws_cloudwatch_event_bus_policy.receiver-security-default_bus-policy";

type SecurityStack = StackJson & { import?: unknown; resource: Record<string, Record<string, { policy?: string }>> };

/** The adopt example's security stack, synthesized with another description of its bus, in another region if given. */
export function adoptedWith(bus: DescribedBus, region?: string): SecurityStack {
  const dir = mkdtempSync(join(tmpdir(), "eventbridge-adopt-"));
  try {
    const topology = JSON.parse(readFileSync(join(PROJECT, ADOPT_EXAMPLE), "utf8"));
    topology.receivers[0].existingPolicy = "bus.json";
    if (region) topology.receivers[0].region = region;
    writeFileSync(join(dir, "bus.json"), JSON.stringify(bus));
    writeFileSync(join(dir, "topology.json"), JSON.stringify(topology));
    synthesizeTopology(loadTopologyFile(join(dir, "topology.json")), "out", dir);
    return JSON.parse(readFileSync(join(dir, "out", "stacks", "security", "cdk.tf.json"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The described bus without its policy. */
export const bareBus = (): DescribedBus => {
  const { Policy: _policy, ...bare } = describedBus();
  return bare;
};

/**
 * A kept statement full of IAM policy variables and template sequences, on a bus described in another
 * region than the example's (the stand-in describes a bus by its ARN, and the example's is taken):
 * us-west-2, where organization-grant.json already configures a provider for the account, so the
 * shared plan starts no provider process more.
 */
export const TAGGED_REGION = "us-west-2";
export const taggedStatement = () => ({
  Sid: "team-tagged",
  Effect: "Allow",
  Principal: "*",
  Action: "events:PutEvents",
  Resource: describedBus().Arn.replace(":eu-west-1:", `:${TAGGED_REGION}:`),
  Condition: { StringEquals: { "aws:PrincipalTag/team": "${aws:PrincipalTag/team}", "aws:PrincipalTag/note": "100%{x} ${var.y}" } },
});
const taggedBus = (): DescribedBus => {
  const statement = taggedStatement();
  return { Name: "default", Arn: statement.Resource, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) };
};

/** The state the first apply leaves: the bus policy, imported and updated. */
function appliedState(stack: SecurityStack): string {
  const [type, name] = POLICY.split(".");
  const instance = { id: "default", event_bus_name: "default", policy: stack.resource[type][name].policy };
  return JSON.stringify({
    version: 4,
    terraform_version: "1.11.0",
    serial: 1,
    lineage: "adopt-existing-bus",
    outputs: {},
    resources: [
      {
        mode: "managed",
        type,
        name,
        provider: 'provider["registry.terraform.io/hashicorp/aws"].security_eu_west_1',
        instances: [{ schema_version: 0, attributes: instance, sensitive_attributes: [] }],
      },
    ],
  });
}

/** The modules, by what they show. */
export const ADOPTED_MODULES = {
  /** The HCL export of the security stack: the same import and update as the synthesized stack. */
  hcl: "export-hcl_adopt-existing-bus__security",
  /** The security stack against the state of its first apply: the import block is only a record. */
  applied: "adopt-existing-bus__security-applied",
  /** The security stack where the bus holds a statement full of template sequences. */
  tagged: "adopt-existing-bus__security-tagged",
  /** The security stack where the described bus has no policy: nothing to import. */
  bare: "adopt-existing-bus__security-bus-without-policy",
} as const;

const moduleOf = (name: string, stack: SecurityStack): ModuleInput => ({ name, files: { "cdk.tf.json": JSON.stringify(stack) }, stack });

function hclModule(): ModuleInput {
  const dir = mkdtempSync(join(tmpdir(), "eventbridge-adopt-hcl-"));
  try {
    const [security] = exportTopology(loadTopology(join(PROJECT, ADOPT_EXAMPLE)), "hcl", "out", dir).filter(
      (stack) => stack.name === "security",
    );
    const text = readFileSync(join(dir, "out", security.mainFile), "utf8");
    return { name: ADOPTED_MODULES.hcl, files: { [basename(security.mainFile)]: text }, stack: synthesize(ADOPT_EXAMPLE).json("security") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The adopted-bus modules of the shared plan, the buses its stand-in describes and the prior state of the applied one. */
export function adoptedBusModules(): { modules: ModuleInput[]; buses: DescribedBus[]; priorStates: Record<string, string> } {
  const security = synthesize(ADOPT_EXAMPLE).json("security") as SecurityStack;
  return {
    modules: [
      hclModule(),
      moduleOf(ADOPTED_MODULES.applied, security),
      moduleOf(ADOPTED_MODULES.tagged, adoptedWith(taggedBus(), TAGGED_REGION)),
      moduleOf(ADOPTED_MODULES.bare, adoptedWith(bareBus())),
    ],
    buses: [describedBus(), taggedBus()],
    priorStates: { [ADOPTED_MODULES.applied]: appliedState(security) },
  };
}
