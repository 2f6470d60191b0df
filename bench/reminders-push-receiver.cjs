// web-push-testing 1.2.2 on 127.0.0.1 in a process of its own, for bench/reminders.bench.ts, so
// decrypting 10,000 pushes does not compete with the notifier's event loop. It records when each
// push was accepted. Prints {"url": ...} on its first line of output; GET /bench/arrivals returns
// every accepted push as {clientHash, at (epoch ms), text (the decrypted payload)}, and
// GET /bench/cpu the CPU time this process has used, in milliseconds.
const WebPushTestingServer = require('web-push-testing/src/server.js');
const { PushApiModel } = require('web-push-testing/src/PushApiModel.js');

const model = new PushApiModel();
const arrivals = [];
const handleNotification = model.handleNotification.bind(model);
model.handleNotification = async (clientHash, headers, body) => {
  await handleNotification(clientHash, headers, body);
  const messages = model.messages[clientHash];
  arrivals.push({ clientHash, at: Date.now(), text: messages[messages.length - 1] });
};

const testing = new WebPushTestingServer(model, 0);
testing._app.get('/bench/arrivals', (_request, response) => response.json(arrivals));
testing._app.get('/bench/cpu', (_request, response) => {
  const usage = process.cpuUsage();
  response.json({ cpuMs: (usage.user + usage.system) / 1000 });
});
testing.setRequestHandlers();
const server = testing._app.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  model.notifyUrl = `${url}/notify/`;
  process.stdout.write(`${JSON.stringify({ url })}\n`);
});

// The bench ends this process; this stops it should the bench die first.
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(1), 10 * 60_000).unref();
