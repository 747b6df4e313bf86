import { TerraformStack, Testing } from "cdktf";
import { AccountProvider, AccountProviderProps } from "../../modules/account-provider";
import { testingApp } from "../support/synth";

function providerJson(props: Partial<AccountProviderProps>) {
  const stack = new TerraformStack(testingApp(), "test");
  new AccountProvider(stack, "p", {
    accountName: "orders",
    accountId: "222222222222",
    region: "eu-central-1",
    credentials: { profile: "orders-admin" },
    ...props,
  });
  return JSON.parse(Testing.synth(stack)).provider.aws[0];
}

describe("AccountProvider", () => {
  test("derives its alias from account and region and guards the account ID", () => {
    expect(providerJson({})).toEqual({
      alias: "orders_eu_central_1",
      region: "eu-central-1",
      allowed_account_ids: ["222222222222"],
      profile: "orders-admin",
    });
  });

  test("assumes a role when given one", () => {
    const provider = providerJson({
      credentials: { assumeRoleArn: "arn:aws:iam::222222222222:role/deployer", externalId: "x-1", sessionName: "ci" },
    });
    expect(provider.assume_role).toEqual([{ role_arn: "arn:aws:iam::222222222222:role/deployer", external_id: "x-1", session_name: "ci" }]);
    expect(provider.profile).toBeUndefined();
  });

  test("writes a profile and an external ID as literals, never as templates", () => {
    expect(providerJson({ credentials: { profile: "team-${var.x}" } }).profile).toBe("team-$${var.x}");
    const provider = providerJson({ credentials: { assumeRoleArn: "arn:aws:iam::222222222222:role/deployer", externalId: "%{ if x }" } });
    expect(provider.assume_role[0].external_id).toBe("%%{ if x }");
  });

  test("refuses a bad account ID, region or role ARN", () => {
    expect(() => providerJson({ accountId: "22" })).toThrow(/12 digits/);
    expect(() => providerJson({ region: "europe" })).toThrow(/region/);
    expect(() => providerJson({ credentials: { assumeRoleArn: "deployer" } })).toThrow(/IAM role ARN/);
  });
});
