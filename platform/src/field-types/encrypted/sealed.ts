/**
 * An encrypted field's value as the save pipeline hands it to the columns: the ciphertext and the
 * blind index, made by the `encryption` save hook with the tenant's key (encryption/). Plain text
 * never reaches a column: the type's toColumns takes nothing else.
 */
export class SealedValue {
  readonly ciphertext: string;
  readonly blindIndex: string;
  constructor(ciphertext: string, blindIndex: string) {
    this.ciphertext = ciphertext;
    this.blindIndex = blindIndex;
  }
}

/**
 * A filter operand of an encrypted field, in the plan until the read runs: the read verb replaces
 * it by its blind index (an HMAC under the tenant's key) just before the statement goes out. Its
 * value shows in JSON, so a plan holding one is never made a reusable template.
 */
export class BlindIndexOperand {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
}

/** What reads and history show instead of an encrypted value they may not decrypt: never the text. */
export const MASK = '••••••';
