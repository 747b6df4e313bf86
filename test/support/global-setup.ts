import { terraformAvailability, warmProviderCache } from "./terraform";

/** Jest's global setup: the provider cache is filled once, before the workers' Terraform runs share it. */
export default function globalSetup(): void {
  if (terraformAvailability().ok) warmProviderCache();
}
