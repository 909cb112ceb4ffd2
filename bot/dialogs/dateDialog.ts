/**
 * The dialog that waits for a missing date (botbuilder-dialogs), or for the answer to a short question
 * about one ("is November 14 the failed attempt?", "on what day in March?"); after a computed date it
 * keeps the question (PendingDate.answered) for a correction. Its state (the PendingDate) lives in
 * conversation state through the Storage interface, so with a shared store a question asked on one
 * instance is finished on another. The decisions are the pipeline's (`continuePending`); this class
 * only keeps the state and sends the replies.
 */
import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
// The module, not the package's index (which loads every prompt and recognizer; see bot/faqBot.ts).
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import type { Outcome, PendingDate } from '../pipeline';

export const DATE_DIALOG_ID = 'dateQuestion';

interface DateDialogState {
  pending: PendingDate;
}

export type ContinuePending = (context: TurnContext, pending: PendingDate) => Promise<Outcome>;

export class DateDialog extends Dialog<PendingDate> {
  constructor(private readonly onReply: ContinuePending) {
    super(DATE_DIALOG_ID);
  }

  override async beginDialog(dc: DialogContext, options?: PendingDate): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog();
    const state: DateDialogState = { pending: options };
    Object.assign(dc.activeDialog!.state, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as DateDialogState;
    const outcome = await this.onReply(dc.context, state.pending);
    if (outcome.pending) {
      state.pending = outcome.pending;
      return Dialog.EndOfTurn;
    }
    return dc.endDialog();
  }
}
