/** Topology resolution, phase 3: the senders and their forwards. */
import { eventRuleArn } from "../modules/arns";
import { DEFAULT_RETRY, EXISTING_TARGET_RULE, QUEUE_NAME, ROLE_LESS_TARGET_RULE, ROLE_NAME } from "../modules/limits";
import { deadLetterQueueName, forwarderRoleName } from "../modules/names";
import { Resolution, busName } from "./context";
import { checkAlarmTopic } from "./resolve-receivers";
import { FieldPath, ResolvedAccount, ResolvedForward, ResolvedSender } from "./resolved";
import { TopologyForward } from "./schema";

/** Phase 3: the senders and their forwarding rules (role, dead-letter queue, retry); grants narrow to them by name. */
export function resolveSenders(ctx: Resolution): void {
  ctx.topology.senders.forEach((input, s) => {
    const path = ["senders", s];
    const account = ctx.ownAccount(input.account, [...path, "account"]);
    if (!account) return;
    const at = { accountId: account.id, region: input.region };
    ctx.claim(
      `sender/${account.id}/${input.region}/${busName(input.bus)}`,
      path,
      input.account,
      "a sender on this account, region and bus",
    );
    ctx.claimBus(at, input.bus, path);
    const sender: ResolvedSender = {
      account,
      ...at,
      busName: busName(input.bus),
      forwards: [],
      alarms: ctx.topology.alarms.enabled && { topicArn: input.alarmTopicArn },
    };
    checkAlarmTopic(ctx, input.alarmTopicArn, at, "sender", [...path, "alarmTopicArn"]);
    ctx.senders.push(sender);
    input.forwards.forEach((forwardInput, f) => {
      const fpath = [...path, "forwards", f];
      const forward = resolveForward(ctx, sender, account, forwardInput, fpath);
      sender.forwards.push(forward);
      ctx.forwards.push({ forward, input: forwardInput, sender, path: fpath });
    });
  });
}

function resolveForward(
  ctx: Resolution,
  sender: ResolvedSender,
  account: ResolvedAccount,
  input: TopologyForward,
  path: FieldPath,
): ResolvedForward {
  const arn = eventRuleArn(sender, sender.busName, input.name);
  ctx.claim(`rule/${arn}`, [...path, "name"], input.name, "a rule with this ARN");
  const pattern = ctx.checkPattern(input.pattern, [...path, "pattern"]);
  const role = input.role === true ? { name: forwarderRoleName(input.name) } : input.role;
  checkRole(ctx, account, input, role, path);
  const queueName = input.deadLetterQueue?.name ?? deadLetterQueueName(input.name);
  if (!QUEUE_NAME.pattern.test(queueName)) {
    ctx.problem(
      [...path, "name"],
      input.name,
      `the derived dead-letter queue name "${queueName}" breaks the rule (${QUEUE_NAME.rule}): set deadLetterQueue.name`,
    );
  }
  ctx.claim(`queue/${account.id}/${sender.region}/${queueName}`, [...path, "deadLetterQueue"], queueName, "this queue");
  return {
    name: input.name,
    description: input.description,
    pattern: pattern ?? {},
    arn,
    receivers: [],
    directTargets: [],
    role,
    existingTarget: input.existingTarget === true,
    retry: { ...DEFAULT_RETRY, ...input.retry },
    deadLetterQueueName: queueName,
  };
}

/** A role's derived name must be valid and unique in the account; no role only describes an existing target. */
function checkRole(
  ctx: Resolution,
  account: ResolvedAccount,
  input: TopologyForward,
  role: { name: string } | false,
  path: FieldPath,
): void {
  if (role) {
    if (!ROLE_NAME.pattern.test(role.name)) {
      ctx.problem([...path, "name"], input.name, `the derived role name "${role.name}" breaks the rule (${ROLE_NAME.rule}): set role.name`);
    }
    ctx.claim(`role/${account.id}/${role.name}`, [...path, "role"], role.name, "an IAM role name in this account");
    if (input.existingTarget) ctx.problem([...path, "existingTarget"], true, EXISTING_TARGET_RULE);
  } else if (!input.existingTarget) {
    ctx.problem([...path, "role"], false, ROLE_LESS_TARGET_RULE);
  }
}
