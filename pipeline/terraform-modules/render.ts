/** The Terraform modules written from their specs: variables, main, outputs, versions, README. */
import { AWS_PROVIDER_REQUIREMENT } from "../../stacks/topology-stack";
import { ModuleVariable, TerraformModuleSpec, hclString } from "./spec";
import { receiverBusModule } from "./receiver-bus";
import { receiverRuleModule } from "./receiver-rule";
import { senderForwardingModule } from "./sender-forwarding";
import { directTargetAccessModule } from "./direct-target-access";

const defaultCell = (value: string | undefined) => (value === undefined ? "required" : `\`${cell(value)}\``);

export const TERRAFORM_MODULES: readonly TerraformModuleSpec[] = [
  receiverBusModule,
  senderForwardingModule,
  receiverRuleModule,
  directTargetAccessModule,
];

/** Optional object attributes and strcontains need Terraform 1.5. */
const REQUIRED_TERRAFORM = ">= 1.5";

/** Lines of `key = value` with the keys padded as terraform fmt aligns a run of them. */
function aligned(indent: string, pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${indent}${key.padEnd(width)} = ${value}`);
}

function variableBlock(variable: ModuleVariable): string {
  const head: [string, string][] = [
    ["description", hclString(variable.description)],
    ["type", variable.type],
  ];
  if (variable.default !== undefined) head.push(["default", variable.default]);
  const validations = (variable.validations ?? []).map((validation) =>
    [
      "  validation {",
      ...aligned("    ", [
        ["condition", validation.condition],
        ["error_message", hclString(validation.message)],
      ]),
      "  }",
    ].join("\n"),
  );
  return [`variable "${variable.name}" {`, ...aligned("  ", head), ...validations.flatMap((block) => ["", block]), "}"].join("\n");
}

function versions(spec: TerraformModuleSpec): string {
  return [
    "terraform {",
    `  required_version = ${hclString(REQUIRED_TERRAFORM)}`,
    "",
    "  required_providers {",
    "    aws = {",
    ...aligned("      ", [
      ["source", hclString(AWS_PROVIDER_REQUIREMENT.source)],
      ["version", hclString(AWS_PROVIDER_REQUIREMENT.version)],
      ["configuration_aliases", `[aws.${spec.providerAlias}]`],
    ]),
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

function readme(spec: TerraformModuleSpec): string {
  return [
    `# ${spec.title}`,
    "",
    spec.summary,
    "",
    ...(spec.notes ?? []).flatMap((note) => [note, ""]),
    `The module has no provider block and no backend: map your account's provider to \`aws.${spec.providerAlias}\`.`,
    "Terraform gives every instance of a module block the same providers, so `for_each` runs over what",
    "one account holds (the senders a receiver accepts, the forwards of one sender account).",
    "Generated from the project's constructs and their rules (`npm run modules`): do not edit.",
    "",
    "```hcl",
    spec.example,
    "```",
    "",
    "## Inputs",
    "",
    "| name | description | type | default |",
    "| --- | --- | --- | --- |",
    ...spec.variables.map(
      (variable) =>
        `| \`${variable.name}\` | ${cell(variable.description)} | \`${cell(variable.type)}\` | ${defaultCell(variable.default)} |`,
    ),
    "",
    "## Outputs",
    "",
    "| name | description |",
    "| --- | --- |",
    ...spec.outputs.map((output) => `| \`${output.name}\` | ${cell(output.description)} |`),
    "",
  ].join("\n");
}

/** The files of one module folder, by file name. */
export function renderTerraformModule(spec: TerraformModuleSpec): Record<string, string> {
  return {
    "versions.tf": versions(spec),
    "variables.tf": `${spec.variables.map(variableBlock).join("\n\n")}\n`,
    "main.tf": spec.main,
    "outputs.tf": `${spec.outputs
      .map((output) =>
        [
          `output "${output.name}" {`,
          ...aligned("  ", [
            ["description", hclString(output.description)],
            ["value", output.value],
          ]),
          ...(output.dependsOn ? ["", `  depends_on = [${output.dependsOn.join(", ")}]`] : []),
          "}",
        ].join("\n"),
      )
      .join("\n\n")}\n`,
    "README.md": readme(spec),
  };
}
