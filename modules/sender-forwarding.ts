/** SenderForwarding: the sender half of a cross-account link. */
import { Construct } from "constructs";
import { ITerraformDependable } from "../framework/core";
import { CloudwatchEventRule } from "../framework/provider-aws/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "../framework/provider-aws/cloudwatch-event-target";
import { IamRole } from "../framework/provider-aws/iam-role";
import { IamRolePolicy } from "../framework/provider-aws/iam-role-policy";
import { eventRuleArn, iamRoleArn, parseEventBusArn, parseTargetArn } from "./arns";
import { DIRECT_DELIVERY_ACTION, DirectTarget, directDeliveryStatements } from "./direct-delivery";
import { EventBus } from "./event-bus";
import { EventPattern, renderEventPattern } from "./event-pattern";
import { deadLetterQueueName, forwarderRoleName } from "./names";
import { terraformLiteral } from "./terraform-literal";
import {
  DEAD_LETTER_RETENTION_SECONDS,
  DEFAULT_RETRY,
  DIRECT_DELIVERY_NEEDS_ROLE_RULE,
  DIRECT_DELIVERY_OTHER_ACCOUNT_RULE,
  DIRECT_DELIVERY_SAME_REGION_RULE,
  DIRECT_DELIVERY_TARGET_TYPES_RULE,
  EXISTING_TARGET_RULE,
  InvalidInputError,
  MAX_TARGETS_PER_RULE,
  RETRY_AGE_SECONDS,
  RETRY_ATTEMPTS,
  ROLE_LESS_TARGET_RULE,
  ROLE_NAME,
  RULE_NAME,
  RULE_TARGETS_RULE,
  TARGET_ONCE_RULE,
} from "./limits";
import { isReference, requireMatch, requireRange } from "./validation";
import { policyDocument, oneOrMany, renderPolicy } from "./policy-document";
import { QueueDestination } from "./destinations/queue";

export interface RetryPolicy {
  /** Seconds EventBridge keeps retrying an event; default 86,400 (24 h), 60..86,400. */
  readonly maximumEventAgeSeconds?: number;
  /** Retries before the event goes to the dead-letter queue; default 185, 0..185. */
  readonly maximumRetryAttempts?: number;
}

export interface SenderForwardingProps {
  /** The sender's bus the forwarding rule listens on; no default. */
  readonly bus: EventBus;
  /** Name of the forwarding rule; no default. */
  readonly ruleName: string;
  /** Events to forward; no default. */
  readonly pattern: EventPattern;
  /** Description of the rule; default none. */
  readonly description?: string;
  /** ARNs of the receiver buses, one target each; default none (then at least one direct target). */
  readonly receiverBusArns?: readonly string[];
  /** Queues, topics, functions and streams of other accounts in this region, delivered to through the role; default none. */
  readonly directTargets?: readonly DirectTarget[];
  /** The role EventBridge assumes to put events, or false for none (only with existingTarget); default "<rule>-forwarder". */
  readonly role?: { readonly name: string } | false;
  /** The role-less targets already exist, created before AWS required a role (2 March 2023); default false. */
  readonly existingTarget?: boolean;
  /** Retry policy of every target; default 24 h and 185 attempts. */
  readonly retry?: RetryPolicy;
  /** Name of the dead-letter queue for events that could not be delivered; default "<rule>-dlq". */
  readonly deadLetterQueueName?: string;
  /** What must exist before the targets, such as the receiver bus policy in the same stack; default none. */
  readonly grantDependencies?: readonly ITerraformDependable[];
}

/**
 * The sender half of a cross-account link: a rule on the sender's bus, a target per receiver bus
 * and per direct target (at most 5 in all), the role EventBridge assumes to put events on those
 * buses and deliver to those targets, and a dead-letter queue in the sender's account.
 */
export class SenderForwarding extends Construct {
  readonly ruleArn: string;
  readonly ruleName: string;
  readonly roleArn?: string;
  /** The role EventBridge assumes, when the forward has one: resource policies that name it wait for it. */
  readonly role?: IamRole;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueName: string;
  readonly targets: readonly CloudwatchEventTarget[];

  constructor(scope: Construct, id: string, props: SenderForwardingProps) {
    super(scope, id);
    const at = props.bus.provider;
    const provider = at.provider;
    requireMatch("ruleName", props.ruleName, RULE_NAME);
    const receivers = validateReceivers(props);
    const directTargets = validateDirectTargets(props, receivers.length);
    const retry = { ...DEFAULT_RETRY, ...props.retry };
    requireRange("retry.maximumEventAgeSeconds", retry.maximumEventAgeSeconds, RETRY_AGE_SECONDS, "seconds");
    requireRange("retry.maximumRetryAttempts", retry.maximumRetryAttempts, RETRY_ATTEMPTS, "attempts");
    const eventPattern = renderEventPattern("pattern", props.pattern);

    this.ruleName = props.ruleName;
    this.ruleArn = eventRuleArn(at, props.bus.name, props.ruleName);
    const rule = new CloudwatchEventRule(this, "rule", {
      provider,
      name: props.ruleName,
      eventBusName: props.bus.nameForAttachment,
      description: props.description === undefined ? undefined : terraformLiteral(props.description),
      eventPattern,
    });

    const deadLetterQueue = new QueueDestination(this, "dead-letter", {
      provider: at,
      queueName: props.deadLetterQueueName ?? deadLetterQueueName(props.ruleName),
      ruleArns: [this.ruleArn],
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    });
    this.deadLetterQueueArn = deadLetterQueue.arn;
    this.deadLetterQueueName = deadLetterQueue.name;

    const roleName = props.role === false ? undefined : (props.role?.name ?? forwarderRoleName(props.ruleName));
    let role: IamRole | undefined;
    const waitFor: ITerraformDependable[] = [...deadLetterQueue.prerequisites, ...(props.grantDependencies ?? [])];
    if (roleName !== undefined) {
      requireMatch(props.role ? "role.name" : "role name (derived from ruleName; set role.name)", roleName, ROLE_NAME);
      this.roleArn = iamRoleArn(at, roleName);
      role = this.forwarderRole(roleName, props);
      this.role = role;
      if (receivers.length > 0)
        waitFor.push(
          this.putEventsPolicy(
            role,
            receivers.map((receiver) => receiver.arn),
          ),
        );
      if (directTargets.length > 0) waitFor.push(this.directDeliveryPolicy(role, props.directTargets ?? []));
    } else if (directTargets.length > 0) {
      throw new InvalidInputError("role", false, DIRECT_DELIVERY_NEEDS_ROLE_RULE);
    } else if (receivers.some((receiver) => receiver.region !== at.region)) {
      // A receiver whose region is only known at apply may be in another one.
      throw new InvalidInputError("role", false, "a forward to a bus in another region needs a sender role");
    } else if (!props.existingTarget) {
      throw new InvalidInputError("role", false, ROLE_LESS_TARGET_RULE);
    }
    if (props.existingTarget && roleName !== undefined) throw new InvalidInputError("existingTarget", true, EXISTING_TARGET_RULE);

    const retryPolicy = { maximumEventAgeInSeconds: retry.maximumEventAgeSeconds, maximumRetryAttempts: retry.maximumRetryAttempts };
    this.targets = [...receivers, ...directTargets].map(
      (target) =>
        new CloudwatchEventTarget(this, `to-${target.name}`, {
          provider,
          rule: rule.name,
          eventBusName: props.bus.nameForAttachment,
          targetId: target.name.slice(0, 64),
          arn: target.arn,
          roleArn: role?.arn,
          retryPolicy,
          deadLetterConfig: { arn: deadLetterQueue.queue.arn },
          dependsOn: waitFor,
        }),
    );
  }

  /** The role EventBridge assumes to put events: trusted by events.amazonaws.com for this account and this rule only. */
  private forwarderRole(roleName: string, props: SenderForwardingProps): IamRole {
    return new IamRole(this, "role", {
      provider: props.bus.provider.provider,
      name: roleName,
      description: `EventBridge forwards events matched by rule ${props.ruleName} to other accounts`,
      assumeRolePolicy: renderPolicy(
        policyDocument([
          {
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": props.bus.provider.accountId },
              ArnEquals: { "aws:SourceArn": this.ruleArn },
            },
          },
        ]),
      ),
    });
  }

  /** The role may take each target's one action on exactly the direct targets. */
  private directDeliveryPolicy(role: IamRole, targets: readonly DirectTarget[]): IamRolePolicy {
    return new IamRolePolicy(this, "direct-delivery", {
      provider: role.provider,
      name: "deliver-to-receiver-targets",
      role: role.name,
      policy: renderPolicy(policyDocument(directDeliveryStatements(targets))),
    });
  }

  /** The role may put events on exactly the receiver buses. */
  private putEventsPolicy(role: IamRole, receiverBusArns: readonly string[]): IamRolePolicy {
    return new IamRolePolicy(this, "put-events", {
      provider: role.provider,
      name: "put-events-to-receiver-buses",
      role: role.name,
      policy: renderPolicy(
        policyDocument([
          { Sid: "PutEventsToReceiverBuses", Effect: "Allow", Action: "events:PutEvents", Resource: oneOrMany(receiverBusArns) },
        ]),
      ),
    });
  }
}

function validateReceivers(props: SenderForwardingProps) {
  const arns = props.receiverBusArns ?? [];
  const count = arns.length + (props.directTargets ?? []).length;
  if (count === 0 || count > MAX_TARGETS_PER_RULE) {
    throw new InvalidInputError("receiverBusArns", arns, RULE_TARGETS_RULE);
  }
  if (new Set(arns).size !== arns.length) {
    throw new InvalidInputError("receiverBusArns", arns, "each receiver bus is a target once");
  }
  return arns.map((arn, i): { arn: string; name: string; region?: string } => {
    // A reference (another resource's ARN) is only known at apply: its account and region are not checked here.
    if (isReference(arn)) return { arn, name: `receiver-${i + 1}` };
    const field = `receiverBusArns[${i}]`;
    const location = parseEventBusArn(arn);
    if (!location) throw new InvalidInputError(field, arn, "must be an event bus ARN");
    if (location.accountId === props.bus.provider.accountId) {
      throw new InvalidInputError(field, arn, "a sender does not forward to a bus of its own account");
    }
    return { arn, name: `${location.accountId}-${location.busName}`, region: location.region };
  });
}

/** Direct targets: in another account of the rule's region, each once; target IDs "<account>-<kind>-<name>". */
function validateDirectTargets(props: SenderForwardingProps, receiverCount: number) {
  const at = props.bus.provider;
  const targets = props.directTargets ?? [];
  if (new Set(targets.map((target) => target.arn)).size !== targets.length) {
    throw new InvalidInputError("directTargets", targets, TARGET_ONCE_RULE);
  }
  return targets.map((target, i): { arn: string; name: string } => {
    const field = `directTargets[${i}]`;
    if (!(target.kind in DIRECT_DELIVERY_ACTION)) {
      throw new InvalidInputError(`${field}.kind`, target.kind, DIRECT_DELIVERY_TARGET_TYPES_RULE);
    }
    if (isReference(target.arn)) return { arn: target.arn, name: `target-${receiverCount + i + 1}` };
    const location = parseTargetArn(target.arn);
    if (!location) throw new InvalidInputError(`${field}.arn`, target.arn, "must be the ARN of a queue, topic, function or stream");
    if (location.accountId === at.accountId) throw new InvalidInputError(`${field}.arn`, target.arn, DIRECT_DELIVERY_OTHER_ACCOUNT_RULE);
    if (!isReference(at.region) && location.region !== at.region) {
      throw new InvalidInputError(`${field}.arn`, target.arn, DIRECT_DELIVERY_SAME_REGION_RULE);
    }
    return { arn: target.arn, name: `${location.accountId}-${target.kind}-${location.name}` };
  });
}
