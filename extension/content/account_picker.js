// The part of the findings list that says which account and time a post is
// for, and asks when the composer does not show them: "Which account is this
// for?" from the accounts the officer's token may use, and "Scheduled for?".
// Built with textContent only, like every overlay element.

import { make } from './dom.js';

function when(context) {
  if (!context || !context.scheduled_for) return 'Goes out now.';
  const period = context.in_election_period ? ` Inside the pre-election period (${context.election_period}).` : '';
  return `Scheduled for ${context.scheduled_for}.${period}`;
}

function chooser(controller, accounts, message) {
  const select = make('select', { attrs: { 'aria-label': 'Account', 'data-postlint-account-choice': '' } });
  for (const account of accounts) {
    const option = make('option', { text: `${account.name} (${account.account}, ${account.tier})`, attrs: { value: account.account } });
    select.append(option);
  }
  const current = controller.state.result && controller.state.result.context;
  if (current && current.account) select.value = current.account;
  const scheduled = make('input', { attrs: { type: 'datetime-local', 'aria-label': 'Scheduled for (optional)',
    'data-postlint-schedule-choice': '' } });
  if (controller.choice.scheduled_for) scheduled.value = controller.choice.scheduled_for;
  // With no account to offer, the button still sets the time.
  const use = make('button', { className: 'primary', text: accounts.length ? 'Use this account' : 'Use this time',
    attrs: { type: 'button', 'data-postlint-action': 'choose-account' },
    on: { click: () => controller.chooseAccount(accounts.length ? select.value : '', scheduled.value) } });
  return make('section', { className: 'account', attrs: { 'data-postlint-account-picker': '' } }, [
    make('p', { className: 'message', text: message || 'Which account is this for?' }),
    accounts.length ? select : make('p', { text: 'Your token may not post from any registered account; ask your comms team.' }),
    make('label', { className: 'label', text: 'Scheduled for? (leave empty for now)' }, [scheduled]),
    make('div', { className: 'actions' }, [use]),
  ]);
}

export function accountSection(controller) {
  const asking = controller.state.accountQuestion;
  if (asking) return [chooser(controller, asking.accounts, asking.message)];
  const context = controller.state.result && controller.state.result.context;
  if (!context) return [];
  const who = context.account
    ? `Posting as ${context.account_name || context.account} (${context.account}, ${context.tier} account).`
    : `Posting from a ${context.tier} account.`;
  const parts = [make('p', { text: who, attrs: { 'data-postlint-posting-as': context.account || '' } }),
    make('p', { text: when(context) })];
  if (!controller.accountFromPage) {
    parts.push(make('div', { className: 'actions' }, [make('button', {
      text: 'Change account or time', attrs: { type: 'button', 'data-postlint-action': 'change-account' },
      on: { click: () => controller.askAccount() } })]));
  }
  return [make('section', { className: 'account', attrs: { 'data-postlint-account-summary': '' } }, parts)];
}
