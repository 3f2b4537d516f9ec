import SchemaBuilder from '@pothos/core';
import type { Principal } from '../../auth/index.ts';
import type { Label, LabelInput } from '../../metadata/index.ts';
import type { Platform } from '../../platform.ts';
import type { SecurityContext } from '../../security/model.ts';
import { JSONScalar, LabelScalar } from '../scalars/json.ts';
import { DateTimeScalar } from '../scalars/temporal.ts';

export interface MetadataContext {
  platform: Platform;
  principal: Principal;
  locale: string | undefined;
  /** The caller's rights (capabilities such as manageMetadata, manageUsers). */
  security: SecurityContext;
}

export const builder = new SchemaBuilder<{
  Context: MetadataContext;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    Label: { Input: LabelInput; Output: Label };
    DateTime: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
}>({ defaultFieldNullability: false });

builder.addScalarType('JSON', JSONScalar);
builder.addScalarType('Label', LabelScalar);
builder.addScalarType('DateTime', DateTimeScalar);
