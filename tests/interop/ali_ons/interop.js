'use strict';
// Drives the stock npm client ali-ons against a running mqnamesrv + mqbroker (started by interop_test.cc).
//
//   node interop.js NAMESRV_ADDR TOPIC GROUP QUEUE_COUNT
//
// 1. Two push consumers of one group (clustering) subscribe to 'TagA || TagB' and wait until they split the
//    topic's queues between them (ali-ons rebalances on its own timer; members must see each other first).
// 2. A producer sends messages with tags TagA/TagB/TagC and a key each.
// 3. Every TagA/TagB message is consumed exactly once across the two members, with its tag, key and body; both
//    members consume something; no TagC message is delivered.
// 4. Both members close (committing their offsets to the broker); more messages are sent; a new member of the
//    same group starts and must get exactly the new ones: with CONSUME_FROM_LAST_OFFSET a group without
//    committed offsets would start at the end and miss them, and wrong commits would replay the old ones.
// Prints one JSON line per phase; exits 0 only if every check held.
const { Producer, Consumer, Message } = require('ali-ons');
const httpclient = require('urllib');

const [nameSrv, topic, group, queueCountText] = process.argv.slice(2);
const queueCount = Number(queueCountText);
const kFirstBatch = 30;
const kSecondBatch = 12;
const kDeadlineMs = 60000;

const silentLogger = { info() {}, warn() {}, debug() {}, error() {} };

function fail(message) {
  console.log(JSON.stringify({ ok: false, error: message }));
  process.exit(1);
}

async function waitFor(what, predicate) {
  const deadline = Date.now() + kDeadlineMs;
  while (!predicate()) {
    if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

function tagFor(i) {
  return ['TagA', 'TagB', 'TagC'][i % 3];
}

function newConsumer(instanceName, received) {
  const consumer = new Consumer({
    httpclient,
    nameSrv,
    consumerGroup: group,
    instanceName,
    rebalanceInterval: 500,
    persistConsumerOffsetInterval: 500,
    logger: silentLogger,
  });
  // A new group looks up %RETRY%<group> before its heartbeat created it: one error, then it recovers.
  consumer.on('error', err => {
    if (!/route info|topic/i.test(String(err && err.message))) {
      console.error(`[${instanceName}] ${err && err.stack}`);
    }
  });
  consumer.subscribe(topic, 'TagA || TagB', async msg => {
    received.push({
      consumer: instanceName,
      tags: msg.tags,
      keys: msg.keys,
      body: msg.body.toString(),
      queueId: msg.queueId,
      queueOffset: Number(msg.queueOffset),
    });
  });
  return consumer;
}

function ownedQueues(consumer) {
  return [...consumer.processQueueTable.keys()].filter(key => key.includes(`topic="${topic}"`));
}

async function sendBatch(producer, from, count) {
  const expected = [];
  for (let i = from; i < from + count; i++) {
    const msg = new Message(topic, tagFor(i), `body-${i}`);
    msg.keys = [`key-${i}`];
    const result = await producer.send(msg);
    if (result.sendStatus !== 'SEND_OK') fail(`send ${i}: ${JSON.stringify(result)}`);
    if (!result.msgId) fail(`send ${i}: no msgId`);
    if (tagFor(i) !== 'TagC') expected.push(`body-${i}`);
  }
  return expected;
}

function checkDelivered(received, expected, phase) {
  const bodies = received.map(m => m.body);
  const unique = new Set(bodies);
  if (unique.size !== bodies.length) fail(`${phase}: a message was delivered twice: ${JSON.stringify(bodies)}`);
  for (const m of received) {
    const i = Number(m.body.slice('body-'.length));
    if (m.tags !== tagFor(i)) fail(`${phase}: ${m.body} has tag ${m.tags}, want ${tagFor(i)}`);
    if (m.keys !== `key-${i}`) fail(`${phase}: ${m.body} has keys ${m.keys}, want key-${i}`);
    if (!expected.includes(m.body)) fail(`${phase}: unexpected message ${m.body} (${m.tags})`);
  }
}

async function main() {
  const received = [];
  const c1 = newConsumer('member-1', received);
  const c2 = newConsumer('member-2', received);
  await Promise.all([c1.ready(), c2.ready()]);
  await waitFor('both members to own disjoint queues covering the topic', () => {
    const a = ownedQueues(c1);
    const b = ownedQueues(c2);
    return a.length > 0 && b.length > 0 && a.length + b.length === queueCount &&
      new Set([...a, ...b]).size === queueCount;
  });
  console.log(JSON.stringify({ phase: 'rebalanced', member1: ownedQueues(c1).length, member2: ownedQueues(c2).length }));

  const producer = new Producer({ httpclient, nameSrv, producerGroup: `${group}_PRODUCER`, logger: silentLogger });
  await producer.ready();
  const expected = await sendBatch(producer, 0, kFirstBatch);
  await waitFor(`${expected.length} messages consumed`, () => received.length >= expected.length);
  // Give a duplicate a chance to show up before checking.
  await new Promise(resolve => setTimeout(resolve, 300));
  checkDelivered(received, expected, 'clustering');
  const byMember = received.reduce((acc, m) => ({ ...acc, [m.consumer]: (acc[m.consumer] || 0) + 1 }), {});
  if (!byMember['member-1'] || !byMember['member-2']) fail(`one member consumed nothing: ${JSON.stringify(byMember)}`);
  console.log(JSON.stringify({ phase: 'clustering', consumed: received.length, byMember }));

  await Promise.all([c1.close(), c2.close()]);

  const expectedAfterRestart = await sendBatch(producer, kFirstBatch, kSecondBatch);
  const resumed = [];
  const c3 = newConsumer('member-3', resumed);
  await c3.ready();
  await waitFor(`${expectedAfterRestart.length} messages after restart`,
    () => resumed.length >= expectedAfterRestart.length);
  await new Promise(resolve => setTimeout(resolve, 300));
  checkDelivered(resumed, expectedAfterRestart, 'resume');
  console.log(JSON.stringify({ phase: 'resume', consumed: resumed.length }));

  await c3.close();
  await producer.close();
  console.log(JSON.stringify({ ok: true }));
  process.exit(0);
}

main().catch(err => fail(err && err.stack ? err.stack : String(err)));
