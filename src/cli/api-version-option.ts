// The --api-version value of validate and build-arm: an unknown version is a usage error in both.
import { API_VERSIONS, apiVersionFacts } from '../api/versions.js';
import { didYouMean } from '../validate/suggest.js';
import { UsageError, type Args } from './command.js';

export function apiVersionFromArgs(args: Args): string | undefined {
  const apiVersion = args['api-version'] as string | undefined;
  if (apiVersion !== undefined && !apiVersionFacts(apiVersion))
    throw new UsageError(
      `--api-version ${apiVersion} is not an alertRules api-version${didYouMean(apiVersion, [...API_VERSIONS.keys()])}`,
    );
  return apiVersion;
}
