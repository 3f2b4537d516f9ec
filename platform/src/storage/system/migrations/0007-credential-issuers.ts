import { Migration } from '@mikro-orm/migrations';

/**
 * Who set a user's credentials, when that was someone else who is not an administrator: the API key
 * they minted (`api_keys.issued_by`), the password they set (`users.password_set_by`). Such a key, and
 * the sessions signed in with such a password, carry at most the issuer's rights (checked on every
 * request, http/authenticate.ts): they stop working once the user's rights outgrow the issuer's.
 * Null: the user's own, or an administrator's.
 */
export class Migration0007CredentialIssuers extends Migration {
  override name = '0007-credential-issuers';

  override async up(): Promise<void> {
    this.addSql(`alter table tessera.api_keys add column issued_by uuid references tessera.users(id) on delete cascade`);
    this.addSql(`alter table tessera.users add column password_set_by uuid`);
  }
}
