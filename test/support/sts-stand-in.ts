import { createServer, IncomingMessage, Server } from "node:http";
import { AddressInfo } from "node:net";

/**
 * A loopback stand-in for AWS STS, for offline plans only. AssumeRole hands out fake keys that
 * carry the role's account ID, and GetCallerIdentity answers with the account a key carries, so
 * the providers' allowed_account_ids guard is exercised for real.
 */
export interface StsStandIn {
  readonly endpoint: string;
  /** Every AssumeRole call, as "<role ARN>" strings, for assertions. */
  readonly assumedRoles: string[];
  close(): Promise<void>;
}

const NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
const STATIC_KEY_PREFIX = "AKIATEST";
const SESSION_KEY_PREFIX = "ASIATEST";

/** The fake static access key of an account, used in place of a profile. */
export function staticAccessKeyFor(accountId: string): string {
  return `${STATIC_KEY_PREFIX}${accountId}`;
}

function readBody(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(new URLSearchParams(body)));
    request.on("error", reject);
  });
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
  const server: Server = createServer(async (request, response) => {
    const params = await readBody(request);
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
