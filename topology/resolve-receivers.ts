/** Topology resolution, phase 2: the receivers. */
import { DEFAULT_BUS, Placement, eventBusArn } from "../modules/arns";
import { ARCHIVE_NAME, BUS_DEAD_LETTER_QUEUE_WITH_KEY_RULE, QUEUE_NAME, alarmTopicProblem } from "../modules/limits";
import { archiveName, busDeadLetterQueueName } from "../modules/names";
import { Resolution, busName } from "./context";
import { readExistingPolicy } from "./existing-policy";
import { FieldPath, ResolvedAccount, ResolvedReceiver } from "./resolved";
import { TopologyReceiver } from "./schema";

/** Phase 2: the receivers (their buses, targets, key, archive, dead-letter queue); forwards and grants refer to them. */
export function resolveReceivers(ctx: Resolution): void {
  ctx.topology.receivers.forEach((input, i) => {
    const path = ["receivers", i];
    ctx.claim(`receiver/${input.name}`, [...path, "name"], input.name, "a receiver name");
    const account = ctx.ownAccount(input.account, [...path, "account"]);
    if (!account) return;
    const at = { accountId: account.id, region: input.region };
    ctx.claimBus(at, input.bus, path);
    claimTargets(ctx, input, account, path);
    const receiver = receiverOf(ctx, input, account, at, path);
    checkAlarmTopic(ctx, input.alarmTopicArn, at, "receiver", [...path, "alarmTopicArn"]);
    checkBusDeadLetterQueue(ctx, input, receiver, path);
    checkEncryption(ctx, input, account, path);
    checkArchive(ctx, input, receiver, path);
    ctx.receivers.set(input.name, { receiver, index: i });
  });
}

function claimTargets(ctx: Resolution, input: TopologyReceiver, account: ResolvedAccount, path: FieldPath): void {
  input.targets.forEach((target, t) => {
    ctx.claim(`target/${input.name}/${target.id}`, [...path, "targets", t, "id"], target.id, "a target id of this receiver");
    if (target.type !== "function") {
      ctx.claim(
        `${target.type}/${account.id}/${input.region}/${target.name}`,
        [...path, "targets", t, "name"],
        target.name,
        `this ${target.type}`,
      );
    }
  });
}

function receiverOf(ctx: Resolution, input: TopologyReceiver, account: ResolvedAccount, at: Placement, path: FieldPath): ResolvedReceiver {
  const busArn = eventBusArn(at, busName(input.bus));
  return {
    name: input.name,
    account,
    ...at,
    busName: busName(input.bus),
    busArn,
    allowEverybody: input.allowEverybody,
    grants: [],
    existingPolicy: readExistingPolicy(ctx, input, busArn, path),
    targets: input.targets.map((target) => ({ ...target, ruleArns: [], senderRoleArns: [] })),
    rules: [],
    archive: input.archive && { ...input.archive, name: input.archive.name ?? archiveName(busName(input.bus)) },
    encryption: input.encryption,
    deadLetterQueue: busDeadLetterQueue(input),
    alarms: ctx.topology.alarms.enabled && { topicArn: input.alarmTopicArn },
  };
}

export function checkAlarmTopic(
  ctx: Resolution,
  topicArn: string | undefined,
  at: Placement,
  side: "sender" | "receiver",
  path: FieldPath,
): void {
  const problem = topicArn && alarmTopicProblem(topicArn, at, side);
  if (problem) ctx.problem(path, topicArn, problem);
}

/** A bus's dead-letter queue: always with a customer managed key, on request for another custom bus. */
function busDeadLetterQueue(input: TopologyReceiver): { name: string } | undefined {
  const wanted = input.deadLetterQueue ?? input.encryption !== undefined;
  if (wanted === false || input.bus === DEFAULT_BUS) return undefined;
  return { name: wanted === true ? busDeadLetterQueueName(input.bus.name) : wanted.name };
}

function checkBusDeadLetterQueue(ctx: Resolution, input: TopologyReceiver, receiver: ResolvedReceiver, path: FieldPath): void {
  const dlqPath = [...path, "deadLetterQueue"];
  if (input.deadLetterQueue && input.bus === DEFAULT_BUS) {
    ctx.problem(
      dlqPath,
      input.deadLetterQueue,
      "a bus dead-letter queue is set on a custom bus here; the adopted default bus is managed elsewhere",
    );
  } else if (input.deadLetterQueue === false && input.encryption) {
    ctx.problem(dlqPath, false, BUS_DEAD_LETTER_QUEUE_WITH_KEY_RULE);
  } else if (
    receiver.deadLetterQueue &&
    typeof input.deadLetterQueue !== "object" &&
    !QUEUE_NAME.pattern.test(receiver.deadLetterQueue.name)
  ) {
    ctx.problem(
      dlqPath,
      receiver.deadLetterQueue.name,
      `the derived dead-letter queue name breaks the rule (${QUEUE_NAME.rule}): set deadLetterQueue.name`,
    );
  }
  if (receiver.deadLetterQueue) {
    ctx.claim(
      `queue/${receiver.accountId}/${receiver.region}/${receiver.deadLetterQueue.name}`,
      dlqPath,
      receiver.deadLetterQueue.name,
      "this queue",
    );
  }
}

function checkEncryption(ctx: Resolution, input: TopologyReceiver, account: ResolvedAccount, path: FieldPath): void {
  if (input.encryption && input.bus === DEFAULT_BUS) {
    ctx.problem(
      [...path, "encryption"],
      input.encryption,
      "a key is set on a custom bus here; the adopted default bus is managed elsewhere",
    );
  }
  if (input.encryption && "keyArn" in input.encryption) {
    const keyArn = input.encryption.keyArn;
    const [, , , keyRegion, keyAccount] = keyArn.split(":");
    if (keyRegion !== input.region)
      ctx.problem([...path, "encryption", "keyArn"], keyArn, `the key must be in the bus's region ${input.region}`);
    if (keyAccount !== account.id) {
      ctx.problem(
        [...path, "encryption", "keyArn"],
        keyArn,
        `the key is in account ${keyAccount}, the bus in ${account.id}: name a key of the bus's account`,
      );
    }
  }
}

function checkArchive(ctx: Resolution, input: TopologyReceiver, receiver: ResolvedReceiver, path: FieldPath): void {
  if (!receiver.archive) return;
  const archivePath = [...path, "archive"];
  if (!input.archive?.name && !ARCHIVE_NAME.pattern.test(receiver.archive.name)) {
    ctx.problem(archivePath, receiver.archive.name, `the derived archive name breaks the rule (${ARCHIVE_NAME.rule}): set archive.name`);
  }
  ctx.claim(
    `archive/${receiver.accountId}/${receiver.region}/${receiver.archive.name}`,
    archivePath,
    receiver.archive.name,
    "an archive name in this account and region",
  );
  if (receiver.archive.pattern) ctx.checkPattern(receiver.archive.pattern, [...archivePath, "pattern"]);
}
