/** The bot from source (`npm start`, tsx): bot/main.ts. The production build starts it through bot/launch.ts. */
import { main } from './main';

void main();
