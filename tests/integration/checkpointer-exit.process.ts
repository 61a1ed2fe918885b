// Child process for sqlite-checkpointer.test.ts: opens a database as the server does (background checkpoints),
// writes, closes, and then has nothing left to do. Node must wait for the final checkpoint and exit with 0.
import { openDb } from "../../src/storage/db.js";

const [url] = process.argv.slice(2);
if (!url) throw new Error("usage: checkpointer-exit.process.ts <file:url>");
const h = openDb(url, { backgroundCheckpoints: true });
await h.db.inboundEvent.create({ data: { key: `exit-${Date.now()}`, source: "test", kind: "x", payloadJson: "{}" } });
await h.close();
console.log("closed");
