import { Migration } from '@mikro-orm/migrations';

/**
 * Who minted an API key for its user, when that was someone else who is not an administrator: such a
 * key carries at most its issuer's rights (checked on every request, security/tenant-security.ts), so
 * a key minted for a colleague stops working once the colleague's rights outgrow the issuer's. Null:
 * the user's own key, or one an administrator minted.
 */
export class Migration0007ApiKeyIssuer extends Migration {
  override name = '0007-api-key-issuer';

  override async up(): Promise<void> {
    this.addSql(`alter table tessera.api_keys add column issued_by uuid references tessera.users(id) on delete cascade`);
  }
}
