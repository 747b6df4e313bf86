import { createServer, IncomingMessage, Server } from "node:http";
import { AddressInfo } from "node:net";

/**
 * A loopback stand-in for AWS STS, for offline plans only. AssumeRole hands out fake keys that
 * carry the role's account ID, and GetCallerIdentity answers with the account a key carries, so
 * the providers' allowed_account_ids guard is exercised for real. It also answers EventBridge's
 * DescribeEventBus (JSON protocol, X-Amz-Target AWSEvents.DescribeEventBus), which a plan calls to
 * import a bus policy: with what `eventBuses` holds for the caller's account and region.
 */
export interface StsStandIn {
  readonly endpoint: string;
  /** Every AssumeRole call, as "<role ARN>" strings, for assertions. */
  readonly assumedRoles: string[];
  /** What DescribeEventBus answers, by bus ARN; a default bus not here has no policy, another bus does not exist. */
  readonly eventBuses: Map<string, DescribedBus>;
  /** Every DescribeEventBus call, as "<account>/<region>/<bus name>" strings, for assertions. */
  readonly describedBuses: string[];
  close(): Promise<void>;
}

/** What `aws events describe-event-bus` prints (the fields the provider reads). */
export interface DescribedBus {
  readonly Name: string;
  readonly Arn: string;
  readonly Policy?: string;
}

const NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
const STATIC_KEY_PREFIX = "AKIATEST";
const SESSION_KEY_PREFIX = "ASIATEST";

/** The fake static access key of an account, used in place of a profile. */
export function staticAccessKeyFor(accountId: string): string {
  return `${STATIC_KEY_PREFIX}${accountId}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

/** The region of a request, from its SigV4 credential scope (<key>/<date>/<region>/<service>/aws4_request). */
function callerRegion(request: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(request.headers.authorization ?? "")?.[1];
}

/** EventBridge's JSON protocol: DescribeEventBus only, answered from `eventBuses`. */
function describeEventBus(request: IncomingMessage, body: string, eventBuses: Map<string, DescribedBus>, calls: string[]) {
  const name = (JSON.parse(body || "{}") as { Name?: string }).Name ?? "default";
  const account = callerAccount(request) ?? "000000000000";
  const region = callerRegion(request) ?? "us-east-1";
  calls.push(`${account}/${region}/${name}`);
  const arn = `arn:aws:events:${region}:${account}:event-bus/${name}`;
  const bus = eventBuses.get(arn) ?? (name === "default" ? { Name: name, Arn: arn } : undefined);
  if (bus) return { status: 200, body: JSON.stringify({ Name: bus.Name, Arn: bus.Arn, ...(bus.Policy ? { Policy: bus.Policy } : {}) }) };
  return { status: 400, body: JSON.stringify({ __type: "ResourceNotFoundException", message: `Event bus ${name} does not exist.` }) };
}

function callerAccount(request: IncomingMessage): string | undefined {
  const credential = /Credential=([A-Z0-9]+)\//.exec(request.headers.authorization ?? "")?.[1];
  return credential?.slice(STATIC_KEY_PREFIX.length);
}

function respond(action: string, result: string): string {
  return (
    `<${action}Response ` +
    `xmlns="${NAMESPACE}"><${action}Result>${result}</${action}Result>` +
    "<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>" +
    `</${action}Response>`
  );
}

export async function startStsStandIn(): Promise<StsStandIn> {
  const assumedRoles: string[] = [];
  const eventBuses = new Map<string, DescribedBus>();
  const describedBuses: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    if (request.headers["x-amz-target"] === "AWSEvents.DescribeEventBus") {
      const answer = describeEventBus(request, body, eventBuses, describedBuses);
      response.writeHead(answer.status, { "content-type": "application/x-amz-json-1.1" });
      response.end(answer.body);
      return;
    }
    const params = new URLSearchParams(body);
    const action = params.get("Action");
    let xml: string | undefined;
    if (action === "AssumeRole") {
      const roleArn = params.get("RoleArn") ?? "";
      assumedRoles.push(roleArn);
      const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? "000000000000";
      const session = params.get("RoleSessionName") ?? "session";
      xml = respond(
        "AssumeRole",
        `<Credentials><AccessKeyId>${SESSION_KEY_PREFIX}${account}</AccessKeyId><SecretAccessKey>stand-in</SecretAccessKey>` +
          "<SessionToken>stand-in</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>" +
          `<AssumedRoleUser><AssumedRoleId>AROATEST:${session}</AssumedRoleId>` +
          `<Arn>arn:aws:sts::${account}:assumed-role/stand-in/${session}</Arn></AssumedRoleUser>`,
      );
    } else if (action === "GetCallerIdentity") {
      const account = callerAccount(request) ?? "000000000000";
      xml = respond(
        "GetCallerIdentity",
        `<Arn>arn:aws:sts::${account}:assumed-role/stand-in/plan</Arn><UserId>AROATEST:plan</UserId><Account>${account}</Account>`,
      );
    }
    if (xml === undefined) {
      response.writeHead(400, { "content-type": "text/xml" });
      response.end(
        `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>stand-in has no ` +
          `${action}</Message></Error></ErrorResponse>`,
      );
      return;
    }
    response.writeHead(200, { "content-type": "text/xml" });
    response.end(xml);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    assumedRoles,
    eventBuses,
    describedBuses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
