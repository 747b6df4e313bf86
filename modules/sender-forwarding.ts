/** SenderForwarding: the sender half of a cross-account link. */
import { Construct } from "constructs";
import { ITerraformDependable } from "../framework/core";
import { CloudwatchEventRule } from "../framework/provider-aws/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "../framework/provider-aws/cloudwatch-event-target";
import { IamRole } from "../framework/provider-aws/iam-role";
import { IamRolePolicy } from "../framework/provider-aws/iam-role-policy";
import { eventRuleArn, iamRoleArn, parseEventBusArn } from "./arns";
import { EventBus } from "./event-bus";
import { EventPattern, renderEventPattern } from "./event-pattern";
import { deadLetterQueueName, forwarderRoleName } from "./names";
import { terraformLiteral } from "./terraform-literal";
import {
  DEAD_LETTER_RETENTION_SECONDS,
  DEFAULT_RETRY,
  EXISTING_TARGET_RULE,
  InvalidInputError,
  MAX_TARGETS_PER_RULE,
  RETRY_AGE_SECONDS,
  RETRY_ATTEMPTS,
  ROLE_LESS_TARGET_RULE,
  ROLE_NAME,
  RULE_NAME,
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
  /** ARNs of the receiver buses, one target each (at most 5); no default. */
  readonly receiverBusArns: readonly string[];
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
 * The sender half of a cross-account link: a rule on the sender's bus, a target per receiver bus,
 * the role EventBridge assumes to call PutEvents, and a dead-letter queue in the sender's account.
 */
export class SenderForwarding extends Construct {
  readonly ruleArn: string;
  readonly ruleName: string;
  readonly roleArn?: string;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueName: string;
  readonly targets: readonly CloudwatchEventTarget[];

  constructor(scope: Construct, id: string, props: SenderForwardingProps) {
    super(scope, id);
    const at = props.bus.provider;
    const provider = at.provider;
    requireMatch("ruleName", props.ruleName, RULE_NAME);
    const receivers = validateReceivers(props);
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
      waitFor.push(this.putEventsPolicy(role, props.receiverBusArns));
    } else if (receivers.some((receiver) => receiver.region !== at.region)) {
      // A receiver whose region is only known at apply may be in another one.
      throw new InvalidInputError("role", false, "a forward to a bus in another region needs a sender role");
    } else if (!props.existingTarget) {
      throw new InvalidInputError("role", false, ROLE_LESS_TARGET_RULE);
    }
    if (props.existingTarget && roleName !== undefined) throw new InvalidInputError("existingTarget", true, EXISTING_TARGET_RULE);

    this.targets = receivers.map(
      (receiver) =>
        new CloudwatchEventTarget(this, `to-${receiver.name}`, {
          provider,
          rule: rule.name,
          eventBusName: props.bus.nameForAttachment,
          targetId: receiver.name.slice(0, 64),
          arn: receiver.arn,
          roleArn: role?.arn,
          retryPolicy: {
            maximumEventAgeInSeconds: retry.maximumEventAgeSeconds,
            maximumRetryAttempts: retry.maximumRetryAttempts,
          },
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
  const arns = props.receiverBusArns;
  if (arns.length === 0 || arns.length > MAX_TARGETS_PER_RULE) {
    throw new InvalidInputError("receiverBusArns", arns, `a rule has 1 to ${MAX_TARGETS_PER_RULE} targets`);
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
