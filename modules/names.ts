/**
 * The names derived from others, one source for the topology, the constructs and the Terraform
 * modules (whose HCL builds the same names from these suffixes).
 */
export const FORWARDER_ROLE_SUFFIX = "-forwarder";
export const DEAD_LETTER_QUEUE_SUFFIX = "-dlq";
export const ARCHIVE_SUFFIX = "-archive";
export const BUS_DEAD_LETTER_QUEUE_SUFFIX = "-bus-dlq";

/** Queue names take no dots, which rule and bus names may hold. */
const asQueueName = (name: string) => name.replace(/\./g, "-");

/** The role a forwarding rule sends through: "<rule>-forwarder". */
export const forwarderRoleName = (ruleName: string) => `${ruleName}${FORWARDER_ROLE_SUFFIX}`;
/** The dead-letter queue of a forwarding rule: "<rule>-dlq". */
export const deadLetterQueueName = (ruleName: string) => `${asQueueName(ruleName)}${DEAD_LETTER_QUEUE_SUFFIX}`;
/** The archive of a bus: "<bus>-archive". */
export const archiveName = (busName: string) => `${busName}${ARCHIVE_SUFFIX}`;
/** The bus's own dead-letter queue, for events it cannot encrypt or decrypt: "<bus>-bus-dlq". */
export const busDeadLetterQueueName = (busName: string) => `${asQueueName(busName)}${BUS_DEAD_LETTER_QUEUE_SUFFIX}`;

/**
 * The log resource policy of one topology: CloudWatch Logs' PutResourcePolicy creates or replaces
 * a policy by name, so topologies sharing an account and region need names of their own.
 */
export const logDeliveryPolicyName = (topologyName: string) => `eventbridge-to-log-groups-${topologyName}`;

/** The alias of a queue's, topic's or stream's own key: "alias/eventbridge/target/<kind>/<name>", dots as "-". */
export const targetKeyAlias = (kind: string, targetName: string) => `alias/eventbridge/target/${kind}/${targetName.replace(/\./g, "-")}`;
