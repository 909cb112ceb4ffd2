/*
 * The help-site chat widget: an open/close bubble and a panel hosting Bot Framework Web Chat, connected
 * to this server through a small DirectLine-like object (no Direct Line service, no network, no
 * credentials). Web Chat needs only activity$, connectionStatus$, postActivity (and end).
 *
 * Each user activity is echoed back at once (with its channelData, so Web Chat marks it as sent), then
 * posted to /api/messages with deliveryMode "expectReplies"; the bot's replies come back in the HTTP
 * response and are emitted as bot activities.
 */
(function () {
  'use strict';

  var MESSAGES_URL = '/api/messages';
  var BOT = { id: 'bot', name: 'Help desk', role: 'bot' };
  var CONNECTION = { Uninitialized: 0, Connecting: 1, Online: 2, Ended: 5 };
  var SORRY_UNREACHABLE = "Sorry, I couldn't reach the help desk just now. Please try again in a moment.";
  var SORRY_BUSY = "Sorry, I'm getting a lot of questions right now and couldn't take yours. Please wait a moment and try again.";

  function randomId(prefix) {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return prefix + window.crypto.randomUUID();
    return prefix + Math.random().toString(36).slice(2) + Date.now().toString(36);
  }

  /** ISO 8601 with the browser's local offset, e.g. 2026-11-29T09:15:00.000-05:00. */
  function localIsoTimestamp(date) {
    function pad(n, width) {
      var s = String(Math.abs(n));
      while (s.length < (width || 2)) s = '0' + s;
      return s;
    }
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? '+' : '-';
    return (
      date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) +
      'T' + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.' + pad(date.getMilliseconds(), 3) +
      sign + pad(Math.floor(Math.abs(offset) / 60)) + ':' + pad(Math.abs(offset) % 60)
    );
  }

  function timeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
    } catch (e) {
      return undefined;
    }
  }

  /** A minimal multicast observable; `replay` keeps the latest value for new subscribers (like a BehaviorSubject). */
  function createSubject(options) {
    var observers = [];
    var hasValue = options && 'initial' in options;
    var latest = hasValue ? options.initial : undefined;
    function toObserver(nextOrObserver, error, complete) {
      if (typeof nextOrObserver === 'function') return { next: nextOrObserver, error: error, complete: complete };
      return nextOrObserver || {};
    }
    return {
      next: function (value) {
        latest = value;
        hasValue = true;
        observers.slice().forEach(function (o) {
          if (o.next) o.next(value);
        });
      },
      complete: function () {
        observers.slice().forEach(function (o) {
          if (o.complete) o.complete();
        });
        observers = [];
      },
      subscribe: function (nextOrObserver, error, complete) {
        var observer = toObserver(nextOrObserver, error, complete);
        observers.push(observer);
        if (options && options.replay && hasValue && observer.next) observer.next(latest);
        var closed = false;
        return {
          get closed() {
            return closed;
          },
          unsubscribe: function () {
            closed = true;
            observers = observers.filter(function (o) {
              return o !== observer;
            });
          },
        };
      },
      value: function () {
        return latest;
      },
    };
  }

  /** An observable that emits one value (asynchronously) and completes. */
  function just(value) {
    return {
      subscribe: function (nextOrObserver, error, complete) {
        var observer = typeof nextOrObserver === 'function' ? { next: nextOrObserver, error: error, complete: complete } : nextOrObserver || {};
        var cancelled = false;
        Promise.resolve().then(function () {
          if (cancelled) return;
          if (observer.next) observer.next(value);
          if (observer.complete) observer.complete();
        });
        return {
          unsubscribe: function () {
            cancelled = true;
          },
        };
      },
    };
  }

  /**
   * The local DirectLine-like connection. options: { userId, username, locale, fetch } (fetch for tests).
   */
  function createLocalDirectLine(options) {
    var doFetch = options.fetch || window.fetch.bind(window);
    var user = { id: options.userId, name: options.username, role: 'user' };
    var conversation = { id: randomId('webchat-local-') };
    var locale = options.locale || navigator.language || 'en-US';
    var activity$ = createSubject();
    var connectionStatus$ = createSubject({ replay: true, initial: CONNECTION.Uninitialized });
    var started = false;
    var ended = false;
    var queue = Promise.resolve();
    var lastTime = 0;
    var seen = {};
    var counter = 0;

    /** A timestamp never earlier than the previous one, so the transcript keeps the order of the turn. */
    function nextTimestamp() {
      var t = Math.max(Date.now(), lastTime + 1);
      lastTime = t;
      return new Date(t).toISOString();
    }

    function emit(activity) {
      if (ended) return;
      seen[activity.id] = true;
      activity$.next(activity);
    }

    function emitBot(activity) {
      var a = Object.assign({}, activity);
      a.id = a.id || 'bot-' + ++counter + '-' + Date.now().toString(36);
      if (seen[a.id]) a.id = a.id + '-' + ++counter;
      // Web Chat waits for the activity a reply points at: only keep replyToId when that one is shown.
      if (a.replyToId && !seen[a.replyToId]) delete a.replyToId;
      a.timestamp = nextTimestamp();
      a.from = { id: BOT.id, name: BOT.name, role: 'bot' };
      a.recipient = { id: user.id, name: user.name, role: 'user' };
      a.conversation = conversation;
      a.channelId = 'webchat';
      emit(a);
    }

    function apologise(status) {
      emitBot({ type: 'message', text: status === 429 ? SORRY_BUSY : SORRY_UNREACHABLE, textFormat: 'plain' });
    }

    /** Posts one activity to the bot and emits its replies; failures become a polite bot message. */
    function send(activity) {
      var now = new Date();
      var body = Object.assign({}, activity, {
        channelId: 'webchat',
        serviceUrl: window.location.origin,
        conversation: conversation,
        from: { id: user.id, name: user.name, role: 'user' },
        recipient: { id: BOT.id, name: BOT.name, role: 'bot' },
        deliveryMode: 'expectReplies',
        locale: locale,
        localTimezone: timeZone(),
        localTimestamp: localIsoTimestamp(now),
        timestamp: activity.timestamp || now.toISOString(),
      });
      return doFetch(MESSAGES_URL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      })
        .then(function (res) {
          if (!res.ok) {
            apologise(res.status);
            return;
          }
          return res.json().then(
            function (json) {
              var replies = (json && Array.isArray(json.activities) && json.activities) || [];
              replies.forEach(emitBot);
            },
            function () {
              apologise(0);
            },
          );
        })
        .catch(function () {
          apologise(0);
        });
    }

    /** Turns run one after another, so replies keep the order of the questions. */
    function enqueue(activity) {
      queue = queue.then(function () {
        return send(activity);
      });
      return queue;
    }

    function start() {
      if (started) return;
      started = true;
      connectionStatus$.next(CONNECTION.Connecting);
      setTimeout(function () {
        if (ended) return;
        connectionStatus$.next(CONNECTION.Online);
        // The user joins: the bot answers with its welcome.
        enqueue({
          type: 'conversationUpdate',
          id: randomId('join-'),
          membersAdded: [{ id: user.id, name: user.name }],
          timestamp: new Date().toISOString(),
        });
      }, 0);
    }

    var activityStream = {
      subscribe: function (nextOrObserver, error, complete) {
        var subscription = activity$.subscribe(nextOrObserver, error, complete);
        start();
        return subscription;
      },
    };

    return {
      activity$: activityStream,
      connectionStatus$: { subscribe: connectionStatus$.subscribe },
      conversationId: conversation.id,
      postActivity: function (activity) {
        var id = randomId('user-');
        var echo = Object.assign({}, activity, {
          id: id,
          timestamp: nextTimestamp(),
          from: Object.assign({}, activity.from, { id: user.id, name: user.name, role: 'user' }),
          conversation: conversation,
          channelData: activity.channelData,
        });
        emit(echo);
        enqueue(echo);
        return just(id);
      },
      end: function () {
        ended = true;
        connectionStatus$.next(CONNECTION.Ended);
        activity$.complete();
      },
    };
  }

  // ---- the widget -------------------------------------------------------------------------------

  var STYLE_OPTIONS = {
    // A new answer scrolls until its first line reaches the top of the transcript, then stops: a long
    // answer is read from its beginning, not shown from its last lines (Web Chat's "snap on page").
    autoScrollSnapOnPage: true,
    autoScrollSnapOnPageOffset: 0,
    // Small and subtle card text (notes, "Was this helpful?") and timestamps: 6.4:1 on the bubble
    // background (Web Chat's default #767676 is 4.1:1 there, under WCAG's 4.5:1).
    subtle: '#595959',
    accent: '#0b6bcb',
    backgroundColor: '#ffffff',
    bubbleBackground: '#f2f4f7',
    bubbleBorderRadius: 10,
    bubbleFromUserBackground: '#0b6bcb',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderRadius: 10,
    bubbleMaxWidth: 560,
    botAvatarInitials: 'HD',
    botAvatarBackgroundColor: '#232f3e',
    userAvatarInitials: 'You',
    userAvatarBackgroundColor: '#0b6bcb',
    hideUploadButton: true,
    sendBoxTextWrap: true,
    suggestedActionLayout: 'flow',
    suggestedActionBorderRadius: 16,
    primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    rootHeight: '100%',
    rootWidth: '100%',
  };

  /**
   * One vote per answer, in the page too: once "Yes" or "No" of an answer is pressed, both buttons of that
   * answer are disabled and marked as voted (the bot also answers a second vote of the same reply with
   * "You already rated this answer" and does not count it).
   */
  function markVoted(target) {
    var row = target && typeof target.closest === 'function' ? target.closest('.ac-columnSet') : null;
    if (!row) return;
    row.classList.add('chat-feedback--voted');
    Array.prototype.forEach.call(row.querySelectorAll('button'), function (b) {
      b.disabled = true;
      b.setAttribute('aria-disabled', 'true');
    });
  }

  /**
   * The element a card action came from: Web Chat passes no target for Adaptive Card actions, so the
   * widget remembers the last clicked element (a capture listener runs before the card's own handler;
   * a keyboard press on a button is a click too).
   */
  var lastClicked = null;

  function cardActionMiddleware() {
    return function (next) {
      return function (args) {
        var value = args && args.cardAction && args.cardAction.value;
        if (value && typeof value === 'object' && value.action === 'feedback') {
          var source = (args.target || lastClicked);
          var button = source && typeof source.closest === 'function' ? source.closest('button') : null;
          if (button && button.disabled) return undefined;
          markVoted(button);
        }
        return next(args);
      };
    };
  }

  function renderChat(host) {
    if (!window.WebChat || typeof window.WebChat.renderWebChat !== 'function') {
      host.textContent = "Sorry, the chat couldn't load. Please reload the page.";
      return undefined;
    }
    var locale = navigator.language || 'en-US';
    var userId = randomId('user-').slice(0, 40);
    var directLine = createLocalDirectLine({ userId: userId, username: 'You', locale: locale });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        userID: userId,
        username: 'You',
        locale: locale,
        styleOptions: STYLE_OPTIONS,
        cardActionMiddleware: cardActionMiddleware,
      },
      host,
    );
    return directLine;
  }

  function initWidget() {
    var bubble = document.getElementById('chat-bubble');
    var panel = document.getElementById('chat-panel');
    var close = document.getElementById('chat-close');
    var host = document.getElementById('webchat');
    if (!bubble || !panel || !close || !host) return;
    var rendered = false;
    host.addEventListener(
      'click',
      function (e) {
        lastClicked = e.target;
      },
      true,
    );

    function focusSendBox() {
      var input = host.querySelector('[data-id="webchat-sendbox-input"], input[type="text"], textarea');
      if (input) input.focus();
    }

    function setOpen(open) {
      panel.hidden = !open;
      bubble.setAttribute('aria-expanded', String(open));
      bubble.setAttribute('aria-label', open ? 'Close the help desk chat' : 'Open the help desk chat');
      bubble.classList.toggle('chat-bubble--open', open);
      if (open && !rendered) {
        rendered = true;
        window.chatConnection = renderChat(host);
      }
      if (open) setTimeout(focusSendBox, 50);
      else bubble.focus();
    }

    bubble.addEventListener('click', function () {
      setOpen(panel.hidden);
    });
    close.addEventListener('click', function () {
      setOpen(false);
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !panel.hidden) setOpen(false);
    });
    var openers = document.querySelectorAll('[data-open-chat]');
    Array.prototype.forEach.call(openers, function (el) {
      el.addEventListener('click', function (e) {
        e.preventDefault();
        setOpen(true);
      });
    });
  }

  window.createLocalDirectLine = createLocalDirectLine;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initWidget);
  else initWidget();
})();
