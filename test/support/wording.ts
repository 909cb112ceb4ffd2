/** The AWS pack's wording (knowledge/aws/pack.json over the engine's defaults), as the running bot shows it. */
import { wordingFor } from '../../bot/render/wording';
import { loadPack } from '../../knowledge/pack';

export const AWS_WORDING = wordingFor(loadPack());
