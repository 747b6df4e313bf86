/** ReceiverMatchingRule: a receiver rule with its account filter, and its targets. */
import { Construct } from "constructs";
import { CloudwatchEventRule } from "../framework/provider-aws/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "../framework/provider-aws/cloudwatch-event-target";
import { eventRuleArn } from "./arns";
import { EventBus } from "./event-bus";
import { EventPattern, renderEventPattern } from "./event-pattern";
import { terraformLiteral } from "./terraform-literal";
import { ACCOUNT_ID, InvalidInputError, MAX_TARGETS_PER_RULE, RULE_NAME, TARGET_ID } from "./limits";
import { requireMatch } from "./validation";
import { DeliveryDestination } from "./destinations/destination";

export interface ReceiverRuleTarget {
  /** Target ID, unique on the rule; no default. */
  readonly id: string;
  /** Where matched events go; no default. */
  readonly destination: DeliveryDestination;
}

export interface ReceiverMatchingRuleProps {
  /** The receiver bus the rule listens on; no default. */
  readonly bus: EventBus;
  /** Name of the rule; no default. */
  readonly ruleName: string;
  /** Events to match, without "account": that filter is set from senderAccountIds; no default. */
  readonly pattern: EventPattern;
  /** Accounts whose events the rule accepts, written into the pattern's "account" filter; no default, at least one. */
  readonly senderAccountIds: readonly string[];
  /** Where matched events go, 1 to 5 targets; no default. */
  readonly targets: readonly ReceiverRuleTarget[];
  /** Description of the rule; default none. */
  readonly description?: string;
}

/**
 * A rule on a receiver bus. Its pattern always filters on the sender accounts, so events from
 * anybody else the bus accepts never trigger it.
 */
export class ReceiverMatchingRule extends Construct {
  readonly ruleArn: string;
  readonly ruleName: string;
  /** The pattern as deployed, account filter included. */
  readonly pattern: EventPattern;

  constructor(scope: Construct, id: string, props: ReceiverMatchingRuleProps) {
    super(scope, id);
    requireMatch("ruleName", props.ruleName, RULE_NAME);
    if ("account" in props.pattern) {
      throw new InvalidInputError(
        "pattern.account",
        props.pattern.account,
        "leave the account filter out of a receiver pattern: it is written from the allowed senders",
      );
    }
    if (props.senderAccountIds.length === 0) {
      throw new InvalidInputError("senderAccountIds", props.senderAccountIds, "a receiver rule accepts at least one sender account");
    }
    props.senderAccountIds.forEach((accountId, i) => requireMatch(`senderAccountIds[${i}]`, accountId, ACCOUNT_ID));
    if (props.targets.length === 0 || props.targets.length > MAX_TARGETS_PER_RULE) {
      throw new InvalidInputError(
        "targets",
        props.targets.map((t) => t.id),
        `a rule has 1 to ${MAX_TARGETS_PER_RULE} targets`,
      );
    }
    const ids = props.targets.map((target) => target.id);
    ids.forEach((targetId, i) => requireMatch(`targets[${i}].id`, targetId, TARGET_ID));
    if (new Set(ids).size !== ids.length) throw new InvalidInputError("targets", ids, "target IDs on a rule are unique");

    this.ruleName = props.ruleName;
    this.pattern = { account: [...new Set(props.senderAccountIds)].sort(), ...props.pattern };
    const eventPattern = renderEventPattern("pattern", this.pattern);
    const at = props.bus.provider;
    this.ruleArn = eventRuleArn(at, props.bus.name, props.ruleName);
    const rule = new CloudwatchEventRule(this, "default", {
      provider: at.provider,
      name: props.ruleName,
      eventBusName: props.bus.nameForAttachment,
      description: props.description === undefined ? undefined : terraformLiteral(props.description),
      eventPattern,
    });
    for (const target of props.targets) {
      new CloudwatchEventTarget(this, `target-${target.id}`, {
        provider: at.provider,
        rule: rule.name,
        eventBusName: props.bus.nameForAttachment,
        targetId: target.id,
        arn: target.destination.arn,
        dependsOn: [...target.destination.prerequisites],
      });
    }
  }
}
