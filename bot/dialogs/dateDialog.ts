/**
 * The dialog that waits for a missing date (botbuilder-dialogs), or for the answer to a short question
 * about one ("is November 14 the failed attempt?", "on what day in March?"); after a computed date it
 * keeps the question (PendingDate.answered) for a correction. Its state (the PendingDate) lives in
 * conversation state through the Storage interface, so with a shared store a question asked on one
 * instance is finished on another. The decisions are the pipeline's (`continuePending`); this class
 * only keeps the state and sends the replies.
 */
import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogInstance, DialogState, DialogTurnResult } from 'botbuilder-dialogs';
// The module, not the package's index (which loads every prompt and recognizer; see bot/faqBot.ts).
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import type { Outcome, PendingDate } from '../pipeline';

export const DATE_DIALOG_ID = 'dateQuestion';

interface DateDialogState {
  pending: PendingDate;
}

/** The dialog's instance on the stack while it waits with `pending` (what beginDialog leaves there). */
export function dateDialogInstance(pending: PendingDate): DialogInstance<DateDialogState> {
  return { id: DATE_DIALOG_ID, state: { pending } };
}

/**
 * Begins the dialog on a conversation's dialog state when the turn has no DialogContext: what
 * DialogContext.beginDialog does (push the instance, then DateDialog.beginDialog, which only stores the
 * pending question) without building a DialogContext and its state manager for a dialog that does
 * nothing this turn (most of a computed date's dialog cost). The next turn continues it through the dialog
 * set as usual.
 */
export function beginDateDialog(state: DialogState, pending: PendingDate): void {
  state.dialogStack.push(dateDialogInstance(pending));
}

export type ContinuePending = (context: TurnContext, pending: PendingDate) => Promise<Outcome>;

export class DateDialog extends Dialog<PendingDate> {
  constructor(private readonly onReply: ContinuePending) {
    super(DATE_DIALOG_ID);
  }

  override async beginDialog(dc: DialogContext, options?: PendingDate): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog();
    Object.assign(dc.activeDialog!.state, dateDialogInstance(options).state);
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
