import { counterOf, gaugeOf } from '@luotsi/eventstore';

export const subscriptionLag = () =>
  gaugeOf('luotsi_subscription_lag', 'Head position of the subscribed categories minus the checkpoint', ['subscription']);
export const deadLetters = () => counterOf('luotsi_dead_letters_total', 'Messages sent to a dead-letter topic', ['subscription']);
