/** Picks the renderer for a channel family (DESIGN.md, data flow step 7). */
import type { Activity } from 'botbuilder';
import type { Reply } from '../reply';
import { renderCard } from './card';
import { renderMarkdown } from './markdown';
import { renderSlack } from './slack';

export type ChannelFamily = 'teams' | 'webchat' | 'slack' | 'markdown';

export function channelFamily(channelId: string | undefined): ChannelFamily {
  switch ((channelId ?? '').toLowerCase()) {
    case 'msteams':
      return 'teams';
    case 'webchat':
    case 'directline':
      return 'webchat';
    case 'slack':
      return 'slack';
    default:
      return 'markdown';
  }
}

export function renderReply(reply: Reply, channelId: string | undefined): Array<Partial<Activity>> {
  const family = channelFamily(channelId);
  switch (family) {
    case 'teams':
    case 'webchat':
      return renderCard(reply, family);
    case 'slack':
      return renderSlack(reply);
    default:
      return renderMarkdown(reply);
  }
}
