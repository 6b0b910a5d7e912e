/** Where the signing secret lives: an explicit one from config, else one made once and kept. */
export type SecretKeeper = {
  getMeta(key: string): Uint8Array | null;
  setMeta(key: string, value: Uint8Array): void;
};

const KEY = "group_token_secret";

/**
 * The HS256 secret for group tokens. Generated once and stored with the groups, so tokens
 * handed to queued jobs stay valid across a service restart.
 */
export function loadServiceSecret(keeper: SecretKeeper, configured?: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  const stored = keeper.getMeta(KEY);
  if (stored && stored.length >= 32) return stored;
  const fresh = crypto.getRandomValues(new Uint8Array(32));
  keeper.setMeta(KEY, fresh);
  return fresh;
}
