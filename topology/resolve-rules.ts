/** Topology resolution, phase 6: the receiver rules. */
import { eventRuleArn } from "../modules/arns";
import { STAR_IN_ACCOUNT_FILTER } from "../modules/event-pattern";
import { STREAM_FROM_RULES_RULE } from "../modules/limits";
import { ReceiverEntry, Resolution } from "./context";
import { FieldPath } from "./resolved";
import { TopologyReceiver } from "./schema";

type RuleInput = TopologyReceiver["rules"][number];

/** Phase 6: receiver rules, their account filter from the allowed senders, and their targets by id. */
export function resolveReceiverRules(ctx: Resolution): void {
  for (const [receiverName, entry] of ctx.receivers) {
    const { receiver, index } = entry;
    let unresolvedTarget = false;
    ctx.topology.receivers[index].rules.forEach((input, r) => {
      const path = ["receivers", index, "rules", r];
      const arn = eventRuleArn(receiver, receiver.busName, input.name);
      ctx.claim(`rule/${arn}`, [...path, "name"], input.name, "a rule with this ARN");
      if ("account" in input.pattern) {
        ctx.problem(
          [...path, "pattern", "account"],
          input.pattern.account,
          "leave account out of a receiver pattern: list the accounts in senders, and the filter is written from them",
        );
      }
      const problemsBefore = ctx.problems.length;
      const senderAccountIds = [...new Set(sendersOf(ctx, receiverName, entry, input, path))].sort();
      // The pattern as written first; the account filter is added only from senders that all resolved.
      const sendersResolved = ctx.problems.length === problemsBefore;
      const written = Object.keys(input.pattern).length === 0 || ctx.checkPattern(input.pattern, [...path, "pattern"]) !== undefined;
      if (written && sendersResolved)
        ctx.checkPattern({ account: senderAccountIds, ...input.pattern }, [...path, "pattern"], input.pattern);
      input.targets.forEach((targetId, t) => {
        const target = ctx.targetOf(receiverName, receiver.targets, targetId, [...path, "targets", t]);
        if (!target) return void (unresolvedTarget = true);
        if (input.targets.indexOf(targetId) !== t) ctx.problem([...path, "targets", t], targetId, "each target is listed once");
        else if (target.type === "stream") ctx.problem([...path, "targets", t], targetId, STREAM_FROM_RULES_RULE);
        else target.ruleArns.push(arn);
      });
      receiver.rules.push({
        name: input.name,
        description: input.description,
        pattern: input.pattern,
        senderAccountIds,
        targetIds: input.targets,
        arn,
      });
    });
    // A misspelled target id leaves the target it meant undelivered: that is the one problem to report.
    if (unresolvedTarget) continue;
    receiver.targets.forEach((target, t) => {
      if (target.ruleArns.length === 0 && target.senderRoleArns.length === 0) {
        ctx.problem(
          ["receivers", index, "targets", t, "id"],
          target.id,
          "no rule delivers to this target: remove it, list it in a receiver rule, or deliver to it directly from a forward",
        );
      }
    });
  }
}

/** The accounts a rule accepts: its senders, or every account granted by ID and every topology sender forwarding here. */
function sendersOf(ctx: Resolution, receiverName: string, { receiver }: ReceiverEntry, input: RuleInput, path: FieldPath): string[] {
  if (!input.senders) {
    const granted = receiver.grants.flatMap((grant) => (grant.kind === "account" ? [grant.accountId] : []));
    const forwardedFrom = ctx.forwards.filter((entry) => entry.forward.receivers.includes(receiver)).map((entry) => entry.sender.accountId);
    const accepted = [...granted, ...forwardedFrom];
    if (accepted.length === 0) {
      ctx.problem(
        [...path, "senders"],
        undefined,
        `list senders: receiver "${receiverName}" grants no account by ID and no sender in the topology forwards to it`,
      );
    }
    return accepted;
  }
  const admitted = (accountId: string) =>
    receiver.grants.some(
      (grant) =>
        grant.kind === "everybody" ||
        (grant.kind === "account" && grant.accountId === accountId) ||
        (grant.kind === "organization" && ctx.organizationOf.get(accountId) === grant.organizationId),
    );
  return input.senders.flatMap((ref, k) => {
    const accountId = ctx.anyAccount(ref, [...path, "senders", k], STAR_IN_ACCOUNT_FILTER);
    if (accountId && !admitted(accountId)) {
      const outside = ctx.organizationOf.has(accountId) ? "" : " (an account outside the topology is admitted only by an account grant)";
      ctx.problem([...path, "senders", k], ref, `receiver "${receiverName}" grants no access to account ${ctx.label(accountId)}${outside}`);
    }
    return accountId ? [accountId] : [];
  });
}
