import { Construct } from "constructs";
import { ResolvedAccount, ResolvedTopology } from "../topology/resolve";
import { TopologyStack } from "./topology-stack";
import { wireTopology } from "./wiring";

export interface LayoutOptions {
  /** Folder of the state files, relative to the folder Terraform runs each stack in; no default. */
  readonly stateDir: string;
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
      stack = new TopologyStack(scope, name, { stateDir: options.stateDir });
      stacks.set(name, stack);
    }
    return stack;
  };
  const stackOf =
    topology.layout === "single"
      ? () => stackNamed(topology.name)
      : (account: ResolvedAccount) => stackNamed(account.name);
  wireTopology(topology, stackOf);
  return [...stacks.values()];
}
