/** EventBus: a custom bus, or the adopted default bus. */
import { Construct } from "constructs";
import { CloudwatchEventBus } from "../framework/provider-aws/cloudwatch-event-bus";
import { AccountProvider } from "./account-provider";
import { DEFAULT_BUS, eventBusArn } from "./arns";
import { CUSTOM_BUS_NAME, InvalidInputError } from "./limits";
import { requireMatch } from "./validation";

export interface EventBusProps {
  /** Provider of the account and region that owns the bus; no default. */
  readonly provider: AccountProvider;
  /** Name of a custom bus to create, or "default" to adopt the account's default bus; default "default". */
  readonly busName?: string;
  /** Customer managed KMS key that encrypts the bus's events (custom buses only); default an AWS owned key. */
  readonly kmsKeyArn?: string;
  /** SQS queue for events the bus cannot encrypt or decrypt (custom buses only, see BusDeadLetterQueue); default none. */
  readonly deadLetterQueueArn?: string;
}

/** An event bus that rules attach to: a custom bus we create, or the default bus every account has. */
export class EventBus extends Construct {
  readonly name: string;
  readonly arn: string;
  readonly provider: AccountProvider;
  /** The bus resource, absent for the adopted default bus. */
  readonly resource?: CloudwatchEventBus;

  constructor(scope: Construct, id: string, props: EventBusProps) {
    super(scope, id);
    this.name = props.busName ?? DEFAULT_BUS;
    this.provider = props.provider;
    if (this.name !== DEFAULT_BUS) {
      requireMatch("busName", this.name, CUSTOM_BUS_NAME);
      this.resource = new CloudwatchEventBus(this, "default", {
        provider: props.provider.provider,
        name: this.name,
        kmsKeyIdentifier: props.kmsKeyArn,
        deadLetterConfig: props.deadLetterQueueArn ? { arn: props.deadLetterQueueArn } : undefined,
      });
    } else if (props.kmsKeyArn) {
      throw new InvalidInputError(
        "kmsKeyArn",
        props.kmsKeyArn,
        "the adopted default bus is not managed here, so its key is set where the bus is managed; use a custom bus",
      );
    } else if (props.deadLetterQueueArn) {
      throw new InvalidInputError(
        "deadLetterQueueArn",
        props.deadLetterQueueArn,
        "the adopted default bus is not managed here, so its dead-letter queue is set where the bus is managed; use a custom bus",
      );
    }
    this.arn = eventBusArn(props.provider, this.name);
  }

  /** The bus name for a rule or policy: a reference for a created bus, so Terraform orders it first. */
  get nameForAttachment(): string | undefined {
    return this.resource ? this.resource.name : undefined;
  }
}
