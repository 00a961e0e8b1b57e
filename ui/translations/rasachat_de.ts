<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>RasaChat::ChatWidget</name>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>bot is typing…</source>
        <translation>Bot schreibt…</translation>
    </message>
    <message>
        <source>↓ New messages</source>
        <translation>↓ Neue Nachrichten</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>The messages, oldest first. Keys 1 to 9 press the buttons of the selected message, Ctrl+C copies it, F2 opens its text to select from.</source>
        <translation>Die Nachrichten, älteste zuerst. Die Tasten 1 bis 9 drücken die Schaltflächen der gewählten Nachricht, Strg+C kopiert sie, F2 öffnet ihren Text zum Markieren.</translation>
    </message>
    <message>
        <source>Type a message; Enter sends, Shift+Enter starts a new line</source>
        <translation>Nachricht eingeben; Eingabe sendet, Umschalt+Eingabe beginnt eine neue Zeile</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Enter sends the message, Shift+Enter starts a new line, Up and Down recall earlier messages.</source>
        <translation>Eingabe sendet die Nachricht, Umschalt+Eingabe beginnt eine neue Zeile, Auf und Ab holen frühere Nachrichten zurück.</translation>
    </message>
    <message>
        <source>Sends the message typed above.</source>
        <translation>Sendet die oben eingegebene Nachricht.</translation>
    </message>
    <message>
        <source>Tries to connect to the server now.</source>
        <translation>Versucht jetzt, sich mit dem Server zu verbinden.</translation>
    </message>
    <message>
        <source>Show the new messages</source>
        <translation>Neue Nachrichten zeigen</translation>
    </message>
    <message>
        <source>The state of the connection to the Rasa server.</source>
        <translation>Der Zustand der Verbindung zum Rasa-Server.</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Connection: %1</source>
        <translation>Verbindung: %1</translation>
    </message>
    <message>
        <source>Connected over %1 · session %2</source>
        <translation>Verbunden über %1 · Sitzung %2</translation>
    </message>
    <message>
        <source> · replies to %1</source>
        <translation> · Antworten an %1</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Error: %1 · trying again…</source>
        <translation>Fehler: %1 · neuer Versuch…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbinde erneut…</translation>
    </message>
    <message>
        <source>Error: %1 · reconnecting…</source>
        <translation>Fehler: %1 · verbinde erneut…</translation>
    </message>
    <message>
        <source>Not connected · trying again in %1 s</source>
        <translation>Nicht verbunden · neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>Error: %1 · trying again in %2 s</source>
        <translation>Fehler: %1 · neuer Versuch in %2 s</translation>
    </message>
    <message>
        <source>Not connected: the message was not sent.</source>
        <translation>Nicht verbunden: Die Nachricht wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>No reply has reached the callback receiver at %1 within %2 s. The server posts replies to the `callback: url:` of its credentials.yml: start rasa-chat with --receiver-port set to that url&apos;s port (or set the receiver port of the profile).</source>
        <translation>Innerhalb von %2 s hat keine Antwort den Callback-Empfänger unter %1 erreicht. Der Server sendet Antworten an die `callback: url:` seiner credentials.yml: Starten Sie rasa-chat mit --receiver-port auf dem Port dieser URL (oder stellen Sie den Empfänger-Port im Profil ein).</translation>
    </message>
    <message>
        <source> · no reply received</source>
        <translation> · keine Antwort erhalten</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
</context>
<context>
    <name>RasaChat::ChatWindow</name>
    <message>
        <source>rasa-chat</source>
        <translation>rasa-chat</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <source>The wire traffic of the connection, for debugging.</source>
        <translation>Der Datenverkehr der Verbindung, zur Fehlersuche.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Verbindung</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>&amp;Neue Sitzung</translation>
    </message>
    <message>
        <source>&amp;Edit profile…</source>
        <translation>Profil &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>New &amp;profile…</source>
        <translation>Neues &amp;Profil…</translation>
    </message>
    <message>
        <source>C&amp;onversations…</source>
        <translation>&amp;Unterhaltungen…</translation>
    </message>
    <message>
        <source>&amp;Find in conversations…</source>
        <translation>In Unterhaltungen &amp;suchen…</translation>
    </message>
    <message>
        <source>&amp;Save transcript…</source>
        <translation>Verlauf s&amp;peichern…</translation>
    </message>
    <message>
        <source>&amp;Export traffic…</source>
        <translation>Datenverkehr &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export traffic</source>
        <translation>Datenverkehr exportieren</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON-Zeilen (*.jsonl)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation>Verbindungsprofil</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>rasa-chat — %1 (%2)</source>
        <translation>rasa-chat — %1 (%2)</translation>
    </message>
    <message>
        <source>There is no profile named %1.</source>
        <translation>Es gibt kein Profil namens %1.</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>Profile %1</source>
        <translation>Profil %1</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <source>Start a new session with %1?</source>
        <translation>Eine neue Sitzung mit %1 beginnen?</translation>
    </message>
    <message>
        <source>The bot forgets this conversation; it stays in File → Conversations.</source>
        <translation>Der Bot vergisst diese Unterhaltung; sie bleibt unter Datei → Unterhaltungen erhalten.</translation>
    </message>
    <message>
        <source>The bot forgets this conversation and this window empties (conversations are not being kept).</source>
        <translation>Der Bot vergisst diese Unterhaltung, und dieses Fenster wird geleert (Unterhaltungen werden nicht gespeichert).</translation>
    </message>
    <message>
        <source>Save transcript</source>
        <translation>Verlauf speichern</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Save as &amp;test…</source>
        <translation>Als &amp;Test speichern…</translation>
    </message>
    <message>
        <source>Save as test</source>
        <translation>Als Test speichern</translation>
    </message>
    <message>
        <source>Conversation tests (*.yml *.yaml)</source>
        <translation>Unterhaltungstests (*.yml *.yaml)</translation>
    </message>
    <message>
        <source>There is nothing to save yet: send the bot a message first.</source>
        <translation>Noch gibt es nichts zu speichern: Schreiben Sie dem Bot zuerst eine Nachricht.</translation>
    </message>
    <message>
        <source>Saved the conversation as a test: %1</source>
        <translation>Die Unterhaltung wurde als Test gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>RasaChat::ConnectionProfile</name>
    <message>
        <source>metadata must be a JSON object, e.g. {&quot;lang&quot;: &quot;en&quot;}</source>
        <translation>Die Metadaten müssen ein JSON-Objekt sein, z. B. {&quot;lang&quot;: &quot;de&quot;}</translation>
    </message>
</context>
<context>
    <name>RasaChat::ConversationStore</name>
    <message>
        <source>Qt&apos;s SQLite driver is missing (Debian: libqt6sql6-sqlite)</source>
        <translation>Der SQLite-Treiber von Qt fehlt (Debian: libqt6sql6-sqlite)</translation>
    </message>
    <message>
        <source>cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>RasaChat::ConversationViewer</name>
    <message>
        <source>Earlier messages</source>
        <translation>Frühere Nachrichten</translation>
    </message>
    <message>
        <source>%1 over %2 · session %3 (read-only)</source>
        <translation>%1 über %2 · Sitzung %3 (schreibgeschützt)</translation>
    </message>
    <message>
        <source>Stored conversation</source>
        <translation>Gespeicherte Unterhaltung</translation>
    </message>
</context>
<context>
    <name>RasaChat::ConversationsDialog</name>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Öffnen</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Search all conversations</source>
        <translation>Alle Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Conversations are not being kept (the database could not be opened).</source>
        <translation>Unterhaltungen werden nicht gespeichert (die Datenbank ließ sich nicht öffnen).</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>Unterhaltung löschen</translation>
    </message>
    <message>
        <source>This conversation is open in the chat; start a new session (Ctrl+N) before deleting it.</source>
        <translation>Diese Unterhaltung ist im Chat geöffnet; beginnen Sie vor dem Löschen eine neue Sitzung (Strg+N).</translation>
    </message>
    <message>
        <source>Delete this conversation from the disk? This cannot be undone.</source>
        <translation>Diese Unterhaltung von der Festplatte löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>(no message from you)</source>
        <translation>(keine Nachricht von Ihnen)</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 over %3 · %n message(s)%4
%5</source>
        <translation>
            <numerusform>%1 · %2 über %3 · %n Nachricht%4
%5</numerusform>
            <numerusform>%1 · %2 über %3 · %n Nachrichten%4
%5</numerusform>
        </translation>
    </message>
    <message>
        <source> · open now</source>
        <translation> · gerade geöffnet</translation>
    </message>
    <message>
        <source>session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <source>%1%2
%3</source>
        <translation>%1%2
%3</translation>
    </message>
    <message>
        <source> · this conversation</source>
        <translation> · diese Unterhaltung</translation>
    </message>
</context>
<context>
    <name>RasaChat::InspectorModel</name>
    <message>
        <source>out →</source>
        <translation>aus →</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← ein</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
</context>
<context>
    <name>RasaChat::InspectorView</name>
    <message>
        <source>Filter (event, channel, direction…)</source>
        <translation>Filter (Ereignis, Kanal, Richtung…)</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Shows only the records that contain this text.</source>
        <translation>Zeigt nur die Einträge, die diesen Text enthalten.</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Datenverkehr</translation>
    </message>
    <message>
        <source>Every request, response and frame of the connection: time, direction, channel, event, size.</source>
        <translation>Jede Anfrage, Antwort und jeder Frame der Verbindung: Zeit, Richtung, Kanal, Ereignis, Größe.</translation>
    </message>
    <message>
        <source>Selected record</source>
        <translation>Gewählter Eintrag</translation>
    </message>
    <message>
        <source>The selected record in full, JSON indented.</source>
        <translation>Der gewählte Eintrag vollständig, JSON eingerückt.</translation>
    </message>
</context>
<context>
    <name>RasaChat::MessageDelegate</name>
    <message>
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Attachment: %1</source>
        <translation>Anhang: %1</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>wird gesendet</translation>
    </message>
    <message>
        <source>not sent · </source>
        <translation>nicht gesendet · </translation>
    </message>
    <message>
        <source>image unavailable
</source>
        <translation>Bild nicht verfügbar
</translation>
    </message>
    <message>
        <source>loading image…
</source>
        <translation>Bild wird geladen…
</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Nachrichtentext</translation>
    </message>
    <message>
        <source>Sends this answer</source>
        <translation>Sendet diese Antwort</translation>
    </message>
    <message>
        <source>Card: %1</source>
        <translation>Karte: %1</translation>
    </message>
    <message>
        <source>no longer offered: the conversation has moved on</source>
        <translation>nicht mehr angeboten: die Unterhaltung ist weitergegangen</translation>
    </message>
</context>
<context>
    <name>RasaChat::MessageText</name>
    <message>
        <source> (no longer offered)</source>
        <translation> (nicht mehr angeboten)</translation>
    </message>
    <message>
        <source>Buttons: %1%2.</source>
        <translation>Schaltflächen: %1%2.</translation>
    </message>
    <message>
        <source>Quick replies: %1%2.</source>
        <translation>Schnellantworten: %1%2.</translation>
    </message>
    <message>
        <source>Image %1 from %2.</source>
        <translation>Bild %1 von %2.</translation>
    </message>
    <message>
        <source>Attachment: %1.</source>
        <translation>Anhang: %1.</translation>
    </message>
    <message>
        <source>Attachment: %1 (%2).</source>
        <translation>Anhang: %1 (%2).</translation>
    </message>
    <message>
        <source>Carousel of one card.</source>
        <translation>Karussell mit einer Karte.</translation>
    </message>
    <message>
        <source>Carousel of %1 cards.</source>
        <translation>Karussell mit %1 Karten.</translation>
    </message>
    <message>
        <source>Card %1: %2</source>
        <translation>Karte %1: %2</translation>
    </message>
    <message>
        <source>, with an image</source>
        <translation>, mit Bild</translation>
    </message>
    <message>
        <source>; buttons: %1%2</source>
        <translation>; Schaltflächen: %1%2</translation>
    </message>
    <message>
        <source>Custom payload: %1</source>
        <translation>Eigene Nutzdaten: %1</translation>
    </message>
</context>
<context>
    <name>RasaChat::ProfileDialog</name>
    <message>
        <source>Keep the session across restarts</source>
        <translation>Sitzung über Neustarts hinweg behalten</translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation>Verbindungsprofil</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>beliebiger freier Port</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Server &amp;URL</source>
        <translation>Server-&amp;URL</translation>
    </message>
    <message>
        <source>&amp;Channel</source>
        <translation>&amp;Kanal</translation>
    </message>
    <message>
        <source>&amp;Transport</source>
        <translation>&amp;Transport</translation>
    </message>
    <message>
        <source>User message event</source>
        <translation>Ereignis für Nutzernachrichten</translation>
    </message>
    <message>
        <source>Bot message event</source>
        <translation>Ereignis für Bot-Nachrichten</translation>
    </message>
    <message>
        <source>Metadata key</source>
        <translation>Metadaten-Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Metadata (JSON)</source>
        <translation>&amp;Metadaten (JSON)</translation>
    </message>
    <message>
        <source>JWT token</source>
        <translation>JWT-Token</translation>
    </message>
    <message>
        <source>Callback receiver port</source>
        <translation>Port des Callback-Empfängers</translation>
    </message>
    <message>
        <source>Give the profile a name.</source>
        <translation>Geben Sie dem Profil einen Namen.</translation>
    </message>
    <message>
        <source>The server URL must look like http://localhost:5005 or https://bot.example.com.</source>
        <translation>Die Server-URL muss wie http://localhost:5005 oder https://bot.example.com aussehen.</translation>
    </message>
    <message>
        <source>https: a PEM file of CA certificates to trust (optional)</source>
        <translation>https: eine PEM-Datei mit vertrauenswürdigen CA-Zertifikaten (optional)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>TLS &amp;CA certificate</source>
        <translation>TLS-&amp;CA-Zertifikat</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The event names must not be empty.</source>
        <translation>Die Ereignisnamen dürfen nicht leer sein.</translation>
    </message>
</context>
<context>
    <name>RasaChat::Themes</name>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation>Hoher &amp;Kontrast</translation>
    </message>
</context>
<context>
    <name>RasaChat::TranscriptModel</name>
    <message>
        <source>sending</source>
        <translation>wird gesendet</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>beantwortet</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation>nicht gesendet</translation>
    </message>
    <message>
        <source>Notice: %1 %2</source>
        <translation>Hinweis: %1 %2</translation>
    </message>
    <message>
        <source>You: %1 %2, %3</source>
        <translation>Sie: %1 %2, %3</translation>
    </message>
    <message>
        <source>Bot: %1 %2</source>
        <translation>Bot: %1 %2</translation>
    </message>
    <message>
        <source>Not sent: press Retry to send it again.</source>
        <translation>Nicht gesendet: „Erneut senden“ sendet sie noch einmal.</translation>
    </message>
    <message>
        <source>Press a button to answer; keys 1 to 9 press them in order.</source>
        <translation>Antworten Sie mit einer Schaltfläche; die Tasten 1 bis 9 drücken sie der Reihe nach.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Conversations are not kept: %1</source>
        <translation>Unterhaltungen werden nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Demo bot at %1. Try: hi, /buttons, /quick, /image, /carousel, /attachment, /custom, /multi, /meta</source>
        <translation>Demo-Bot unter %1. Probieren Sie: hi, /buttons, /quick, /image, /carousel, /attachment, /custom, /multi, /meta</translation>
    </message>
</context>
</TS>
