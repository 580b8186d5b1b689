// A strict TypeScript consumer of "tollgate/browser": the default export init() loads the wasm.
import init, { Guard, decode } from "tollgate/browser";
import type { VerifyResult } from "tollgate/browser";

export async function start(wasm: URL | ArrayBuffer): Promise<VerifyResult> {
  await init(wasm);
  await init();
  // @ts-expect-error init resolves to nothing: the exports are ready once it has
  const loaded: number = await init();
  void loaded;
  const guard = new Guard({ keys: { keys: [] } });
  void decode("a.b.c");
  const viaWasm: VerifyResult = guard.verifySync("a.b.c");
  void viaWasm;
  return await guard.verify("a.b.c");
}
