type Json = Record<string, any>;

/**
 * Breaks many-to-many.json (single stack) with a third-account hop: a rule on the analytics bus,
 * which receives from web, mobile and api, relaying client events on to the ops account.
 */
export function addThirdAccountRelay(json: Json): void {
  json.resource.aws_cloudwatch_event_rule.relay = {
    name: "relay-to-ops",
    event_bus_name: "analytics-ingest",
    event_pattern: JSON.stringify({ "detail-type": [{ prefix: "Client" }] }),
    provider: "aws.analytics_us_east_1",
  };
  json.resource.aws_cloudwatch_event_target.relay = {
    rule: "${aws_cloudwatch_event_rule.relay.name}",
    event_bus_name: "analytics-ingest",
    arn: "arn:aws:events:us-east-1:202020202020:event-bus/ops-signals",
    provider: "aws.analytics_us_east_1",
  };
}
