/** Where each stack keeps its state: local, S3, or a partial block for -backend-config. */
import { Construct } from "constructs";
import { LocalBackend, TerraformBackend, TerraformRemoteState } from "../framework/core";
import { terraformLiteral } from "../modules/terraform-literal";

/** Where a stack keeps its state. */
export type BackendConfig =
  | {
      readonly type: "local";
    }
  | {
      readonly type: "s3";
      /** Bucket of the state files; no default. */
      readonly bucket: string;
      /** Region of the bucket; no default. */
      readonly region: string;
      /** Key prefix: each stack's state is "<prefix>/<stack>.tfstate"; default the topology name. */
      readonly keyPrefix?: string;
      /** DynamoDB table for state locking; default none. */
      readonly dynamodbTable?: string;
      /** Lock with a lock file in the bucket (Terraform 1.10+); default true unless a DynamoDB table is named. */
      readonly useLockfile?: boolean;
      /** KMS key that encrypts the state objects; default the bucket's encryption. */
      readonly kmsKeyId?: string;
    }
  | {
      readonly type: "none";
      /** Kind of the empty backend block the pipeline completes with -backend-config; default "s3". */
      readonly kind?: string;
    };

/**
 * A backend block holding exactly the given attributes. Used for S3 (cdktf's own S3Backend knows
 * no use_lockfile) and, with no attributes, for the partial block a pipeline completes with
 * `terraform init -backend-config`.
 */
class BackendBlock extends TerraformBackend {
  constructor(
    scope: Construct,
    kind: string,
    private readonly attributes: Record<string, string | boolean>,
  ) {
    super(scope, "backend", kind);
  }

  protected synthesizeAttributes(): Record<string, string | boolean> {
    return this.attributes;
  }

  /** Stacks here never read each other's state: every ARN they share is built from the input. */
  getRemoteStateDataSource(): TerraformRemoteState {
    throw new Error(`stacks of this project do not read the "${this.name}" state of other stacks`);
  }
}

export interface BackendPlacement {
  /** Name of the stack, in state file names and keys; no default. */
  readonly stackName: string;
  /** Name of the output folder, in local state file names so outputs side by side keep their own state; default none. */
  readonly outputName?: string;
  /** Folder of local state files, relative to the folder Terraform runs the stack in; no default. */
  readonly stateDir: string;
  /** Key prefix when the backend names none; no default. */
  readonly defaultKeyPrefix: string;
}

/** cdktf's own output folder keeps cdktf's name for state files, so state written before is found. */
const CDKTF_OUTPUT = "cdktf.out";

/**
 * A local state file, beside the output folder: `terraform.<stack>.tfstate` for cdktf.out and for
 * stacks built outside an output folder, `terraform.<output folder>.<stack>.tfstate` for any other.
 */
function localStateFile(stackName: string, outputName?: string): string {
  const prefix = outputName === undefined || outputName === CDKTF_OUTPUT ? "" : `${outputName}.`;
  return `terraform.${prefix}${stackName}.tfstate`;
}

/** Adds the backend of a stack; returns the Terraform version constraint it needs, if any. */
export function addBackend(stack: Construct, backend: BackendConfig, at: BackendPlacement): string | undefined {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: `${at.stateDir}/${localStateFile(at.stackName, at.outputName)}` });
      return undefined;
    case "none":
      new BackendBlock(stack, backend.kind ?? "s3", {});
      return undefined;
    case "s3": {
      const useLockfile = backend.useLockfile ?? backend.dynamodbTable === undefined;
      new BackendBlock(stack, "s3", {
        bucket: backend.bucket,
        key: `${backend.keyPrefix ?? at.defaultKeyPrefix}/${at.stackName}.tfstate`,
        region: backend.region,
        encrypt: true,
        ...(backend.kmsKeyId ? { kms_key_id: terraformLiteral(backend.kmsKeyId) } : {}),
        ...(backend.dynamodbTable ? { dynamodb_table: backend.dynamodbTable } : {}),
        ...(useLockfile ? { use_lockfile: true } : {}),
      });
      // S3 lock files came with Terraform 1.10.
      return useLockfile ? ">= 1.10" : undefined;
    }
  }
}
