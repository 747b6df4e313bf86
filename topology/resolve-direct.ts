/** Topology resolution, phase 5b: forwards that deliver straight to a target of another account. */
import { iamRoleArn } from "../modules/arns";
import { targetKeyAlias } from "../modules/names";
import { directTargetArn, isDirectTargetKind } from "../modules/direct-delivery";
import {
  DIRECT_DELIVERY_NEEDS_ROLE_RULE,
  DIRECT_DELIVERY_OTHER_ACCOUNT_RULE,
  DIRECT_DELIVERY_SAME_REGION_RULE,
  DIRECT_DELIVERY_TARGET_TYPES_RULE,
  TARGET_ONCE_RULE,
} from "../modules/limits";
import { ForwardEntry, Resolution } from "./context";
import { FieldPath, ResolvedDirectTarget } from "./resolved";
import { TopologyDirectTargetRef } from "./schema";

/**
 * Phase 5b: each {receiver, target} of a forward's `to`. EventBridge delivers straight to a queue,
 * topic, function or stream of another account in the same region, through an execution role of
 * the sender's account that the target's resource policy admits (EventBridge user guide, "Sending
 * events to an AWS service in another account"); the target's policy learns the role here.
 */
export function resolveDirectTargets(ctx: Resolution): void {
  for (const entry of ctx.forwards) {
    entry.input.to.forEach((ref, k) => {
      if (typeof ref !== "string") resolveDirectTarget(ctx, entry, ref, [...entry.path, "to", k]);
    });
  }
}

function resolveDirectTarget(ctx: Resolution, entry: ForwardEntry, ref: TopologyDirectTargetRef, path: FieldPath): void {
  const { forward, sender } = entry;
  const found = ctx.receiverNamed(ref.receiver, [...path, "receiver"]);
  if (!found) return;
  const { receiver } = found;
  const target = ctx.targetOf(ref.receiver, receiver.targets, ref.target, [...path, "target"]);
  if (!target) return;
  if (!isDirectTargetKind(target.type)) return ctx.problem([...path, "target"], ref.target, DIRECT_DELIVERY_TARGET_TYPES_RULE);
  if (receiver.accountId === sender.accountId) return ctx.problem(path, ref, DIRECT_DELIVERY_OTHER_ACCOUNT_RULE);
  if (receiver.region !== sender.region) {
    return ctx.problem(
      path,
      ref,
      `${DIRECT_DELIVERY_SAME_REGION_RULE} (the sender is in ${sender.region}, the target in ${receiver.region})`,
    );
  }
  if (forward.directTargets.some((direct) => direct.target.id === target.id && direct.receiver === receiver)) {
    return ctx.problem(path, ref, TARGET_ONCE_RULE);
  }
  if (forward.role === false) return ctx.problem([...entry.path, "role"], false, DIRECT_DELIVERY_NEEDS_ROLE_RULE);
  const arn = directTargetArn(receiver, target.type, target.name);
  const keyAlias = "encryption" in target && target.encryption ? targetKeyAlias(target.type, target.name) : undefined;
  forward.directTargets.push({ receiver, target: target as ResolvedDirectTarget["target"], arn, keyAlias });
  target.senderRoleArns.push(iamRoleArn(sender, forward.role.name));
}
