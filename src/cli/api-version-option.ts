// The --api-version value of validate and build-arm: an unknown version is a usage error in both.
import { apiVersionFacts, unknownVersionHint } from '../api/versions.js';
import { UsageError } from '../errors.js';
import { type Args } from './command.js';

export function apiVersionFromArgs(args: Args): string | undefined {
  const apiVersion = args['api-version'] as string | undefined;
  if (apiVersion !== undefined && !apiVersionFacts(apiVersion))
    throw new UsageError(
      `--api-version ${apiVersion} is not an alertRules api-version${unknownVersionHint(apiVersion)}`,
    );
  return apiVersion;
}
