/** Every construct of a topology, built into the stacks the layout chose. */
import { Construct } from "constructs";
import { ITerraformDependable, TerraformOutput, dependable } from "../framework/core";
import { AccountProvider } from "../modules/account-provider";
import { BusArchive } from "../modules/bus-archive";
import { BusDeadLetterQueue } from "../modules/bus-dead-letter-queue";
import { BusKey, busKeyPolicyStatements } from "../modules/bus-key";
import { EventBus } from "../modules/event-bus";
import { ForwardingAlarms } from "../modules/forwarding-alarms";
import { ReceiverBusPolicy } from "../modules/receiver-bus-policy";
import { ReceiverMatchingRule } from "../modules/receiver-rule";
import { SenderForwarding } from "../modules/sender-forwarding";
import { DeliveryDestination } from "../modules/destinations/destination";
import { FunctionDestination } from "../modules/destinations/function";
import { LogDeliveryPolicy, LogGroupDestination } from "../modules/destinations/log-group";
import { logDeliveryPolicyName } from "../modules/names";
import { QueueDestination } from "../modules/destinations/queue";
import { StreamDestination } from "../modules/destinations/stream";
import { TopicDestination } from "../modules/destinations/topic";
import { ResolvedAccount, ResolvedForward, ResolvedReceiver, ResolvedSender, ResolvedTarget, ResolvedTopology } from "../topology/resolve";
import { TopologyStack } from "./topology-stack";

/** Where the resources of an account go: its stack, and the scope inside it that keeps addresses unique. */
export interface AccountPlacement {
  readonly stack: TopologyStack;
  readonly scope: Construct;
}

/** The layout decides where each account's resources go; the wiring does not care. */
export type StackOf = (account: ResolvedAccount) => AccountPlacement;

/**
 * Builds every construct of a topology into the stacks the layout chose. A sender's targets wait
 * for the receiver's bus policy: through depends_on in one stack, through a stack dependency across stacks.
 */
export function wireTopology(topology: ResolvedTopology, stackOf: StackOf): void {
  const logDelivery = new Map<string, LogDeliveryPolicy>();
  const receivers = new Map<ResolvedReceiver, WiredReceiver>();
  for (const receiver of topology.receivers) {
    receivers.set(receiver, wireReceiver(receiver, stackOf(receiver.account), logDelivery, topology));
  }
  for (const sender of topology.senders) wireSender(sender, stackOf, receivers);
}

/** What senders need of a receiver: the bus policy their targets wait for, and the destinations they deliver to directly. */
interface WiredReceiver {
  /** Absent when the receiver grants nobody: its targets only take direct deliveries. */
  readonly busPolicy?: ReceiverBusPolicy;
  readonly destinations: ReadonlyMap<string, DeliveryDestination>;
}

function wireReceiver(
  receiver: ResolvedReceiver,
  placement: AccountPlacement,
  logDelivery: Map<string, LogDeliveryPolicy>,
  topology: ResolvedTopology,
): WiredReceiver {
  const provider = placement.stack.providerFor(receiver.account, receiver.region);
  const scope = new Construct(placement.scope, `receiver-${receiver.name}`);
  const encryption = receiver.encryption;
  const credentials = receiver.account.credentials;
  const deployerArn = "assumeRoleArn" in credentials ? credentials.assumeRoleArn : undefined;
  const kmsKeyArn =
    encryption && "createKey" in encryption
      ? new BusKey(scope, "bus-key", { provider, busName: receiver.busName, busArn: receiver.busArn, deployerArn }).arn
      : encryption?.keyArn;
  const deadLetterQueue =
    receiver.deadLetterQueue &&
    new BusDeadLetterQueue(scope, "bus-dead-letter", {
      provider,
      busArn: receiver.busArn,
      queueName: receiver.deadLetterQueue.name,
      alarm: receiver.alarms,
    });
  const bus = new EventBus(scope, "bus", {
    provider,
    busName: receiver.busName,
    kmsKeyArn,
    deadLetterQueueArn: deadLetterQueue?.queue.queue.arn,
  });
  if (encryption && "keyArn" in encryption) {
    // The key is the user's: its policy is applied where the key is managed, from this output.
    new TerraformOutput(scope, "bus-key-policy-statements", {
      description:
        `Add these statements to the policy of ${encryption.keyArn} so EventBridge can encrypt bus ` +
        `${receiver.busName} and the deployer can manage it`,
      value: JSON.stringify(busKeyPolicyStatements(receiver.accountId, receiver.busArn, deployerArn)),
    });
  }
  const policy =
    receiver.grants.length > 0
      ? new ReceiverBusPolicy(scope, "bus-policy", {
          bus,
          grants: receiver.grants,
          allowEverybody: receiver.allowEverybody,
          existingStatements: receiver.existingPolicy?.statements,
          importExisting: receiver.existingPolicy?.imported,
        })
      : undefined;
  if (receiver.archive) new BusArchive(scope, "archive", { bus, ...receiver.archive });
  const destinations = new Map<string, DeliveryDestination>();
  for (const target of receiver.targets) {
    destinations.set(
      target.id,
      destinationFor(scope, target, provider, () => logDeliveryFor(placement, receiver, logDelivery, topology)),
    );
  }
  for (const rule of receiver.rules) {
    new ReceiverMatchingRule(scope, `rule-${rule.name}`, {
      bus,
      ruleName: rule.name,
      description: rule.description,
      pattern: rule.pattern,
      senderAccountIds: rule.senderAccountIds,
      targets: rule.targetIds.map((id) => ({ id, destination: destinations.get(id) as DeliveryDestination })),
    });
  }
  return { busPolicy: policy, destinations };
}

function destinationFor(
  scope: Construct,
  target: ResolvedTarget,
  provider: AccountProvider,
  deliveryPolicy: () => LogDeliveryPolicy,
): DeliveryDestination {
  const id = `target-${target.id}`;
  switch (target.type) {
    case "logGroup":
      return new LogGroupDestination(scope, id, {
        provider,
        logGroupName: target.name,
        retentionDays: target.retentionDays,
        deliveryPolicy: deliveryPolicy(),
      });
    case "queue":
      return new QueueDestination(scope, id, { provider, queueName: target.name, ...deliveredBy(target), createKey: !!target.encryption });
    case "topic":
      return new TopicDestination(scope, id, {
        provider,
        topicName: target.name,
        fromRules: target.ruleArns.length > 0,
        senderRoleArns: target.senderRoleArns,
        createKey: !!target.encryption,
      });
    case "function":
      return new FunctionDestination(scope, id, { provider, functionName: target.name, ...deliveredBy(target) });
    case "stream":
      return new StreamDestination(scope, id, {
        provider,
        streamName: target.name,
        senderRoleArns: target.senderRoleArns,
        createKey: !!target.encryption,
      });
  }
}

const deliveredBy = (target: ResolvedTarget) => ({ ruleArns: target.ruleArns, senderRoleArns: target.senderRoleArns });

/** One log resource policy per account and region, covering the log groups of all its receivers. */
function logDeliveryFor(
  placement: AccountPlacement,
  receiver: ResolvedReceiver,
  cache: Map<string, LogDeliveryPolicy>,
  topology: ResolvedTopology,
): LogDeliveryPolicy {
  const key = `${receiver.account.name}-${receiver.region}`;
  let policy = cache.get(key);
  if (!policy) {
    const logGroupNames = topology.receivers
      .filter((other) => other.accountId === receiver.accountId && other.region === receiver.region)
      .flatMap((other) => other.targets.filter((target) => target.type === "logGroup").map((target) => target.name));
    policy = new LogDeliveryPolicy(placement.scope, `log-delivery-${receiver.region}`, {
      provider: placement.stack.providerFor(receiver.account, receiver.region),
      logGroupNames,
      policyName: logDeliveryPolicyName(topology.name),
    });
    cache.set(key, policy);
  }
  return policy;
}

function wireSender(sender: ResolvedSender, stackOf: StackOf, receivers: ReadonlyMap<ResolvedReceiver, WiredReceiver>) {
  const { stack, scope } = stackOf(sender.account);
  const provider = stack.providerFor(sender.account, sender.region);
  const bus = new EventBus(scope, `sender-bus-${sender.region}-${sender.busName}`, {
    provider,
    busName: sender.busName,
  });
  for (const forward of sender.forwards) {
    const grantDependencies: ITerraformDependable[] = [];
    for (const receiver of forward.receivers) {
      const receiverStack = stackOf(receiver.account).stack;
      const busPolicy = receivers.get(receiver)?.busPolicy;
      if (receiverStack === stack) grantDependencies.push(...(busPolicy ? [busPolicy.resource] : []));
      else stack.applyAfter(receiverStack, "bus-grant");
    }
    const id = `forward-${sender.region}-${sender.busName}-${forward.name}`;
    const forwarding = new SenderForwarding(scope, id, {
      bus,
      ruleName: forward.name,
      description: forward.description,
      pattern: forward.pattern,
      receiverBusArns: forward.receivers.map((receiver) => receiver.busArn),
      directTargets: forward.directTargets.map((direct) => ({ kind: direct.target.type, arn: direct.arn, keyAlias: direct.keyAlias })),
      role: forward.role,
      existingTarget: forward.existingTarget,
      retry: forward.retry,
      deadLetterQueueName: forward.deadLetterQueueName,
      grantDependencies,
    });
    orderRolePermissions(forward, forwarding, stack, stackOf, receivers);
    if (sender.alarms) {
      new ForwardingAlarms(scope, `${id}-alarms`, {
        bus,
        ruleName: forwarding.ruleName,
        deadLetterQueueName: forwarding.deadLetterQueueName,
        topicArn: sender.alarms.topicArn,
      });
    }
  }
}

/**
 * A Lambda permission names the sender's role, which must exist first: in one stack the permission
 * waits for the role, across stacks the receiver's stack is applied after the sender's.
 */
function orderRolePermissions(
  forward: ResolvedForward,
  forwarding: SenderForwarding,
  senderStack: TopologyStack,
  stackOf: StackOf,
  receivers: ReadonlyMap<ResolvedReceiver, WiredReceiver>,
): void {
  for (const direct of forward.directTargets.filter((candidate) => candidate.target.type === "function")) {
    const receiverStack = stackOf(direct.receiver.account).stack;
    if (receiverStack !== senderStack) {
      receiverStack.applyAfter(senderStack, "sender-role");
      continue;
    }
    const destination = receivers.get(direct.receiver)?.destinations.get(direct.target.id) as FunctionDestination;
    const permission = destination.rolePermissions.get(forwarding.roleArn as string);
    // dependable renders the bare address Terraform wants in depends_on; a resource's fqn would render "${...}".
    if (permission && forwarding.role) permission.dependsOn = [...(permission.dependsOn ?? []), dependable(forwarding.role)];
  }
}
