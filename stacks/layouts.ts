/** buildStacks: a topology cut into stacks, per account or all in one. */
import { Construct } from "constructs";
import { ResolvedAccount, ResolvedTopology } from "../topology/resolve";
import { TopologyStack } from "./topology-stack";
import { AccountPlacement, wireTopology } from "./wiring";

export interface LayoutOptions {
  /** Folder of the state files, relative to the folder Terraform runs each stack in; no default. */
  readonly stateDir: string;
  /** Name of the output folder, in local state file names; default none (terraform.<stack>.tfstate). */
  readonly outputName?: string;
}

/**
 * Cuts a topology into stacks as its state layout says: "per-account" gives each account its own
 * stack and state, receivers applied before senders; "single" puts every account in one stack
 * through aliased providers.
 */
export function buildStacks(scope: Construct, topology: ResolvedTopology, options: LayoutOptions): TopologyStack[] {
  const stacks = new Map<string, TopologyStack>();
  const stackNamed = (name: string) => {
    let stack = stacks.get(name);
    if (!stack) {
      stack = new TopologyStack(scope, name, {
        stateDir: options.stateDir,
        outputName: options.outputName,
        backend: topology.backendOf(name),
        defaultKeyPrefix: topology.name,
      });
      stacks.set(name, stack);
    }
    return stack;
  };
  const scopes = new Map<ResolvedAccount, AccountPlacement>();
  const stackOf = (account: ResolvedAccount): AccountPlacement => {
    let placement = scopes.get(account);
    if (!placement) {
      if (topology.layout === "single") {
        const stack = stackNamed(topology.name);
        placement = { stack, scope: new Construct(stack, account.name) };
      } else {
        const stack = stackNamed(account.name);
        placement = { stack, scope: stack };
      }
      scopes.set(account, placement);
    }
    return placement;
  };
  wireTopology(topology, stackOf);
  return [...stacks.values()];
}
