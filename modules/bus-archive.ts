/** BusArchive: an archive of a bus, for replay after an outage. */
import { Construct } from "constructs";
import { CloudwatchEventArchive } from "../framework/provider-aws/cloudwatch-event-archive";
import { partitionOf } from "./arns";
import { EventBus } from "./event-bus";
import { EventPattern, renderEventPattern } from "./event-pattern";
import { archiveName } from "./names";
import { ARCHIVE_NAME } from "./limits";
import { requireMatch, requireRange } from "./validation";

export interface BusArchiveProps {
  /** The bus whose events are archived; no default. */
  readonly bus: EventBus;
  /** Name of the archive; default "<bus>-archive". */
  readonly name?: string;
  /** Days to keep events, 0 to keep them indefinitely; no default. */
  readonly retentionDays: number;
  /** Only events matching this pattern are archived; default every event of the bus. */
  readonly pattern?: EventPattern;
}

/**
 * An archive of a receiver bus, so events can be replayed to it after an outage of a target
 * (StartReplay sends them again to the rules of the bus).
 */
export class BusArchive extends Construct {
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: BusArchiveProps) {
    super(scope, id);
    this.name = props.name ?? archiveName(props.bus.name);
    requireMatch(props.name ? "name" : "name (derived from the bus name; set it)", this.name, ARCHIVE_NAME);
    requireRange("retentionDays", props.retentionDays, { min: 0, max: 2147483647 }, "days (0 keeps events indefinitely)");
    const at = props.bus.provider;
    this.arn = `arn:${partitionOf(at.region)}:events:${at.region}:${at.accountId}:archive/${this.name}`;
    new CloudwatchEventArchive(this, "default", {
      provider: at.provider,
      name: this.name,
      eventSourceArn: props.bus.resource ? props.bus.resource.arn : props.bus.arn,
      retentionDays: props.retentionDays,
      eventPattern: props.pattern ? renderEventPattern("pattern", props.pattern) : undefined,
    });
  }
}
