// The one place zod is configured. WeChat forbids eval/new Function, and zod 4 compiles fast paths
// with the Function constructor unless jitless is set; zod reads the flag when a schema is created,
// so every schema module imports this file first (side-effect import). Messages in Chinese for people.
import { config } from 'zod';
import { zhCN } from 'zod/locales';

config({ jitless: true, ...zhCN() });
