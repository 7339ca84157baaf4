export declare function testReporters(): Array<string | [string, Record<string, unknown>]>;
export declare const nodeTestDefaults: {
  environment: 'node';
  include: string[];
  testTimeout: number;
  hookTimeout: number;
  reporters: Array<string | [string, Record<string, unknown>]>;
};
