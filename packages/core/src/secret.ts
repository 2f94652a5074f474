import { KineticError } from './errors.js';

/**
 * The signing secret from `KINETIC_SECRET`. Outside production, when it is unset, the
 * `development` value stands in (so tokens survive a restart while you work); under
 * `NODE_ENV=production` an unset secret refuses to start, since a secret written in the
 * source is public and would let anyone forge view tokens.
 * @example await app.register(kinetic, { secret: secretFromEnv() });
 */
export function secretFromEnv(
  development = 'development-only-secret-change-me-0123456789',
  env: NodeJS.ProcessEnv = process.env,
): string {
  const value = env.KINETIC_SECRET;
  if (value !== undefined && value !== '') return value;
  if (env.NODE_ENV === 'production') {
    throw new KineticError(
      'KN_ERR_SECRET',
      'KINETIC_SECRET is not set. In production, set it to 32+ random characters, e.g. node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))".',
    );
  }
  return development;
}
