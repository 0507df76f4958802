// The entry points of @secvisogram/csaf-validator-lib used here; the package ships no types for them.

declare module '@secvisogram/csaf-validator-lib/validate.js' {
  export interface CsafTestMessage {
    instancePath: string;
    message: string;
  }
  export interface CsafTestResult {
    isValid?: boolean;
    errors?: CsafTestMessage[];
    warnings?: CsafTestMessage[];
    infos?: CsafTestMessage[];
  }
  export type DocumentTest = (doc: unknown) => CsafTestResult | Promise<CsafTestResult>;
  export default function validate(
    tests: DocumentTest[],
    doc: unknown,
  ): Promise<{
    isValid: boolean;
    tests: {
      name: string;
      isValid: boolean;
      errors: CsafTestMessage[];
      warnings: CsafTestMessage[];
      infos: CsafTestMessage[];
    }[];
  }>;
}

declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  export const csaf_2_0: DocumentTest;
  export const csaf_2_0_strict: DocumentTest;
}

declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  const tests: Record<string, DocumentTest>;
  export = tests;
}
