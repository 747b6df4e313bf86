/** The verifier checks of direct delivery: rule targets that are queues, topics, functions or streams of another account. */
import { DIRECT_DELIVERY_ACTION } from "../modules/direct-delivery";
import { DIRECT_DELIVERY_NEEDS_ROLE_RULE, DIRECT_DELIVERY_SAME_REGION_RULE, DIRECT_DELIVERY_TARGET_TYPES_RULE } from "../modules/limits";
import { DirectHop, everyDirectHop, roleMayDeliver } from "./delivery";
import { Check, Finding, finding } from "./finding";

const supported = (graph: Parameters<Check["run"]>[0]) => everyDirectHop(graph).filter((hop) => hop.kind !== undefined);
const actionOf = (hop: DirectHop) => DIRECT_DELIVERY_ACTION[hop.kind as keyof typeof DIRECT_DELIVERY_ACTION];
const sender = (hop: DirectHop) => hop.target.at.accountId as string;

const unsupportedTarget: Check = {
  id: "direct-target-unsupported",
  run: (graph) =>
    everyDirectHop(graph)
      .filter((hop) => hop.kind === undefined)
      .map((hop) =>
        finding(
          "direct-target-unsupported",
          "error",
          hop.target,
          `targets ${hop.target.arn} (${hop.destination.service}) of account ${hop.destination.accountId} from account ` +
            `${sender(hop)}: ${DIRECT_DELIVERY_TARGET_TYPES_RULE}`,
          "send to a bus of that account and deliver from a rule there",
        ),
      ),
};

const directRegion: Check = {
  id: "direct-target-region",
  run: (graph) =>
    supported(graph)
      .filter((hop) => hop.crossRegion)
      .map((hop) =>
        finding(
          "direct-target-region",
          "error",
          hop.target,
          `delivers from ${hop.target.at.region} to ${hop.target.arn} in ${hop.destination.region}: ${DIRECT_DELIVERY_SAME_REGION_RULE}`,
          "forward to a bus of the target's account and region, and deliver from a rule there",
        ),
      ),
};

const directRoleMissing: Check = {
  id: "direct-target-role-missing",
  run: (graph) =>
    supported(graph)
      .filter((hop) => !hop.target.roleArn)
      .map((hop) =>
        finding(
          "direct-target-role-missing",
          "error",
          hop.target,
          `delivers to ${hop.target.arn} of account ${hop.destination.accountId} without a role: ${DIRECT_DELIVERY_NEEDS_ROLE_RULE}`,
          `set role_arn to a role of account ${sender(hop)} allowed ${actionOf(hop)} on the target`,
        ),
      ),
};

const notAdmitted: Check = {
  id: "direct-target-not-admitted",
  run: (graph) =>
    supported(graph)
      .filter((hop) => hop.target.roleArn && hop.targetKnown && !hop.admittedBy)
      .map((hop) => {
        const policy = hop.policies[0];
        const where = policy ? `its policy ${policy.address} in stack ${policy.stack} does not` : "it has no resource policy that would";
        return finding(
          "direct-target-not-admitted",
          "error",
          hop.target,
          `${hop.target.arn} is in these stacks, but ${where} let role ${hop.target.roleArn} take ${actionOf(hop)}, so every ` +
            `delivery is denied`,
          `admit the role for ${actionOf(hop)} in the target's resource policy (a Lambda permission for a function)`,
        );
      }),
};

const targetUnknown: Check = {
  id: "direct-target-unknown",
  run: (graph) =>
    supported(graph)
      .filter((hop) => hop.target.roleArn && !hop.targetKnown)
      .map((hop) =>
        finding(
          "direct-target-unknown",
          "warning",
          hop.target,
          `${hop.target.arn} and its resource policy are not in these stacks: whether it admits role ${hop.target.roleArn} ` +
            "cannot be checked",
          "verify the folder that holds the receiver's stacks too",
        ),
      ),
};

const roleAction: Check = {
  id: "direct-role-action",
  run: (graph) =>
    supported(graph).flatMap((hop): Finding[] => {
      const reach = hop.role && roleMayDeliver(hop.role, hop);
      if (!hop.role || reach === "exactly") return [];
      const severity = reach === "any-resource" ? "warning" : "error";
      const allowed = severity === "warning" ? `allows ${actionOf(hop)} on every resource, not only` : `is not allowed ${actionOf(hop)} on`;
      return [
        finding(
          "direct-role-action",
          severity,
          hop.role,
          `the role ${allowed} ${hop.target.arn}`,
          `allow ${actionOf(hop)} on exactly ${hop.target.arn} in an aws_iam_role_policy of the role`,
        ),
      ];
    }),
};

export const DIRECT_CHECKS: readonly Check[] = [unsupportedTarget, directRegion, directRoleMissing, notAdmitted, targetUnknown, roleAction];
