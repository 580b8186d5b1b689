// A CommonJS TypeScript consumer: `require("tollgate")` through Node's require(esm), which
// TypeScript's nodenext mode models (the package entry has no top-level await).
import tollgate = require("tollgate");

const guard = new tollgate.Guard({ keys: { keys: [] } });
const result: tollgate.VerifyResult = guard.verifySync("a.b.c");
export const code: tollgate.ErrorCode | undefined = result.ok ? undefined : result.error.code;
// @ts-expect-error the result is not a promise
void result.then;
