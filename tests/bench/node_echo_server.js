// The benchmark's node reference: socket.io 4.x with the echo bot in Rasa's event names.
// Prints 'listening on http://127.0.0.1:PORT'.
'use strict';
const { Server } = require('socket.io');
const io = new Server(0);
io.on('connection', (socket) => {
  socket.on('user_uttered', (data) => socket.emit('bot_uttered', { text: 'you said: ' + ((data && data.message) || '') }));
});
io.httpServer.on('listening', () => console.log(`listening on http://127.0.0.1:${io.httpServer.address().port}`));
if (io.httpServer.listening) console.log(`listening on http://127.0.0.1:${io.httpServer.address().port}`);
