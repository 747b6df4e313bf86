/** AccountProvider: the aliased AWS provider of one account and region. */
import { Construct } from "constructs";
import { AwsProvider } from "../framework/provider-aws/provider";
import { ACCOUNT_ID, InvalidInputError, MAX_TAGS, REGION, TAG_KEY, TAG_VALUE, TOPOLOGY_NAME } from "./limits";
import { isReference, requireMatch } from "./validation";
import { IAM_ROLE_ARN, Placement } from "./arns";
import { terraformLiteral } from "./terraform-literal";

/** How Terraform gets credentials for one account: exactly one of the two. */
export type AccountCredentials =
  | {
      /** Role Terraform assumes in the account; no default. */
      readonly assumeRoleArn: string;
      /** External ID the role's trust policy demands; default none. */
      readonly externalId?: string;
      /** Session name shown in CloudTrail; default the provider's own. */
      readonly sessionName?: string;
    }
  | {
      /** Named profile of the shared AWS config files; no default. */
      readonly profile: string;
    };

export interface AccountProviderProps {
  /** Short name of the account, part of the provider alias; no default. */
  readonly accountName: string;
  /** 12-digit account ID, also the allowed_account_ids guard; no default. */
  readonly accountId: string;
  /** Region of every resource that uses this provider; no default. */
  readonly region: string;
  /** Credentials for this account; no default. */
  readonly credentials: AccountCredentials;
  /** Tags on every taggable resource of this provider (default_tags); default none. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One aliased AWS provider for one account and region; every resource names it explicitly. */
export class AccountProvider extends Construct implements Placement {
  readonly provider: AwsProvider;
  readonly alias: string;
  readonly accountId: string;
  readonly region: string;

  constructor(scope: Construct, id: string, props: AccountProviderProps) {
    super(scope, id);
    requireMatch("accountName", props.accountName, TOPOLOGY_NAME);
    requireMatch("accountId", props.accountId, ACCOUNT_ID);
    requireMatch("region", props.region, REGION);
    const credentials = props.credentials;
    if (
      "assumeRoleArn" in credentials &&
      !isReference(credentials.assumeRoleArn) &&
      !IAM_ROLE_ARN.pattern.test(credentials.assumeRoleArn)
    ) {
      throw new InvalidInputError("credentials.assumeRoleArn", credentials.assumeRoleArn, "must be an IAM role ARN");
    }
    this.accountId = props.accountId;
    this.region = props.region;
    const tags = Object.entries(props.tags ?? {});
    if (tags.length > MAX_TAGS) throw new InvalidInputError("tags", `${tags.length} tags`, `AWS resources take at most ${MAX_TAGS} tags`);
    for (const [key, value] of tags) {
      requireMatch("tags key", key, TAG_KEY);
      requireMatch(`tags.${key}`, value, TAG_VALUE);
    }
    this.alias = providerAlias(props.accountName, props.region);
    this.provider = new AwsProvider(this, "aws", {
      alias: this.alias,
      region: props.region,
      allowedAccountIds: [props.accountId],
      ...(tags.length > 0
        ? { defaultTags: [{ tags: Object.fromEntries(tags.map(([key, value]) => [terraformLiteral(key), terraformLiteral(value)])) }] }
        : {}),
      ...("profile" in credentials
        ? { profile: terraformLiteral(credentials.profile) }
        : {
            assumeRole: [
              {
                roleArn: credentials.assumeRoleArn,
                externalId: credentials.externalId === undefined ? undefined : terraformLiteral(credentials.externalId),
                sessionName: credentials.sessionName,
              },
            ],
          }),
    });
  }
}

/** Terraform identifiers cannot hold every character a region has, so hyphens become underscores. */
export function providerAlias(accountName: string, region: string): string {
  return `${accountName}_${region}`.replace(/-/g, "_");
}
