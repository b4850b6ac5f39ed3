<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChatOptions</name>
    <message>
        <source>A chat room on Phoenix Channels, made with PhoenixQt.</source>
        <translation>Ein Chatraum auf Phoenix Channels, gebaut mit PhoenixQt.</translation>
    </message>
    <message>
        <source>Phoenix socket endpoint (default: %1).</source>
        <translation>Endpunkt des Phoenix-Sockets (Standard: %1).</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Your name in the chat.</source>
        <translation>Dein Name im Chat.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <source>The room to join (default: %1).</source>
        <translation>Der Raum, dem du beitrittst (Standard: %1).</translation>
    </message>
    <message>
        <source>room</source>
        <translation>raum</translation>
    </message>
    <message>
        <source>Language of the user interface, e.g. de or fr (default: the system&apos;s).</source>
        <translation>Sprache der Oberfläche, z. B. de oder fr (Standard: die des Systems).</translation>
    </message>
    <message>
        <source>language</source>
        <translation>sprache</translation>
    </message>
    <message>
        <source>Send this message once the room is joined (repeatable).</source>
        <translation>Diese Nachricht nach dem Beitritt zum Raum senden (wiederholbar).</translation>
    </message>
    <message>
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <source>Save a screenshot of the window to this file.</source>
        <translation>Ein Bildschirmfoto des Fensters in dieser Datei speichern.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>datei</translation>
    </message>
    <message>
        <source>Wait until this many users are online before sending and taking the screenshot (default: 1).</source>
        <translation>Warten, bis so viele Personen online sind, bevor gesendet und das Bildschirmfoto aufgenommen wird (Standard: 1).</translation>
    </message>
    <message>
        <source>count</source>
        <translation>anzahl</translation>
    </message>
    <message>
        <source>Wait until this many messages arrived before taking the screenshot (default: the number of --say).</source>
        <translation>Warten, bis so viele Nachrichten angekommen sind, bevor das Bildschirmfoto aufgenommen wird (Standard: die Anzahl der --say).</translation>
    </message>
    <message>
        <source>Quit after taking the screenshot.</source>
        <translation>Nach dem Bildschirmfoto beenden.</translation>
    </message>
    <message>
        <source>Give up waiting after this many seconds (default: 30).</source>
        <translation>Nach so vielen Sekunden nicht länger warten (Standard: 30).</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>sekunden</translation>
    </message>
    <message>
        <source>Invalid --url &quot;%1&quot;: expected ws:// or wss://.</source>
        <translation>Ungültige --url „%1“: ws:// oder wss:// erwartet.</translation>
    </message>
    <message>
        <source>Invalid --expect-users: %1</source>
        <translation>Ungültiger Wert für --expect-users: %1</translation>
    </message>
    <message>
        <source>Invalid --expect-messages: %1</source>
        <translation>Ungültiger Wert für --expect-messages: %1</translation>
    </message>
    <message>
        <source>Invalid --autopilot-timeout: %1</source>
        <translation>Ungültiger Wert für --autopilot-timeout: %1</translation>
    </message>
    <message>
        <source>--say and --screenshot need --user.</source>
        <translation>--say und --screenshot brauchen --user.</translation>
    </message>
    <message>
        <source>Keep the messages not confirmed yet in this file (default: %1; also the environment variable PHOENIXCHAT_OUTBOX).</source>
        <translation>Noch nicht bestätigte Nachrichten in dieser Datei aufbewahren (Standard: %1; auch die Umgebungsvariable PHOENIXCHAT_OUTBOX).</translation>
    </message>
    <message>
        <source>Invalid --outbox: the file name is empty.</source>
        <translation>Ungültiges --outbox: Der Dateiname ist leer.</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>No messages yet. Say hello to #%1!</source>
        <translation>Noch keine Nachrichten. Sag hallo in #%1!</translation>
    </message>
    <message>
        <source>Message #%1</source>
        <translation>Nachricht an #%1</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>#%1 — PhoenixQt Chat (Widgets)</source>
        <translation>#%1 — PhoenixQt Chat (Widgets)</translation>
    </message>
    <message>
        <source>Message #%1</source>
        <translation>Nachricht an #%1</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Could not join #%1: %2</source>
        <translation>Beitritt zu #%1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>jemand</translation>
    </message>
    <message>
        <source>%1  ·  %2
%3</source>
        <translation>%1  ·  %2
%3</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 ist beigetreten</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 ist gegangen</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Joining…</source>
        <translation>Trete bei…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Neuer Versuch in %n s</numerusform>
            <numerusform>Neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>– ms</source>
        <translation>– ms</translation>
    </message>
    <message>
        <source>Online — %1</source>
        <translation>Online — %1</translation>
    </message>
    <message>
        <source>PhoenixQt Chat</source>
        <translation>PhoenixQt Chat</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>Dein Name:</translation>
    </message>
    <message>
        <source>Signed in as &lt;b&gt;%1&lt;/b&gt; in #%2</source>
        <translation>Angemeldet als &lt;b&gt;%1&lt;/b&gt; in #%2</translation>
    </message>
    <message>
        <source>Not sent: the server refused it.</source>
        <translation>Nicht gesendet: Der Server hat sie abgelehnt.</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>Nicht gesendet.</translation>
    </message>
    <message>
        <source>Waiting for the server to confirm it.</source>
        <translation>Wartet auf die Bestätigung des Servers.</translation>
    </message>
    <message>
        <source>Not sent yet: you are offline.</source>
        <translation>Noch nicht gesendet: Du bist offline.</translation>
    </message>
    <message>
        <source>%1 Double-click to send it again.</source>
        <translation>%1 Doppelklicken, um sie noch einmal zu senden.</translation>
    </message>
    <message>
        <source>Last known, not up to date while offline.</source>
        <translation>Zuletzt bekannt, offline nicht aktuell.</translation>
    </message>
    <message>
        <source>Known once connected.</source>
        <translation>Sichtbar, sobald die Verbindung steht.</translation>
    </message>
    <message>
        <source>Messages not sent yet will be lost if you close the chat: %1</source>
        <translation>Noch nicht gesendete Nachrichten gehen verloren, wenn Sie den Chat schließen: %1</translation>
    </message>
    <message>
        <source>The address of the chat server is not valid.</source>
        <translation>Die Adresse des Chat-Servers ist ungültig.</translation>
    </message>
    <message>
        <source>The chat server was not found. Check the address and your connection.</source>
        <translation>Der Chat-Server wurde nicht gefunden. Prüfen Sie die Adresse und Ihre Verbindung.</translation>
    </message>
    <message>
        <source>The connection to the chat server was lost.</source>
        <translation>Die Verbindung zum Chat-Server ist abgebrochen.</translation>
    </message>
    <message>
        <source>The chat server could not prove its identity: the connection is not safe.</source>
        <translation>Der Chat-Server konnte seine Identität nicht nachweisen: Die Verbindung ist nicht sicher.</translation>
    </message>
    <message>
        <source>The chat server cannot be reached.</source>
        <translation>Keine Verbindung zum Chat-Server möglich.</translation>
    </message>
</context>
<context>
    <name>ConnectionStatus</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Rejoining…</source>
        <translation>Trete erneut bei…</translation>
    </message>
    <message>
        <source>Joining…</source>
        <translation>Trete bei…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Neuer Versuch in %n s</numerusform>
            <numerusform>Neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Round trip to the server</source>
        <translation>Antwortzeit des Servers</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>– ms</source>
        <translation>– ms</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Join a chat room</source>
        <translation>Einem Chatraum beitreten</translation>
    </message>
    <message>
        <source>Messages go to everyone in the room. Your name is shown to them.</source>
        <translation>Nachrichten gehen an alle im Raum. Sie sehen deinen Namen.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Dein Name</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Beitreten</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>#%1 — PhoenixQt Chat</source>
        <translation>#%1 — PhoenixQt Chat</translation>
    </message>
    <message>
        <source>PhoenixQt Chat</source>
        <translation>PhoenixQt Chat</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>jemand</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 ist beigetreten</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 ist gegangen</translation>
    </message>
    <message>
        <source>signed in as %1</source>
        <translation>angemeldet als %1</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Verlassen</translation>
    </message>
    <message>
        <source>Not sent: the server refused it.</source>
        <translation>Nicht gesendet: Der Server hat sie abgelehnt.</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>Nicht gesendet.</translation>
    </message>
    <message>
        <source>The address of the chat server is not valid.</source>
        <translation>Die Adresse des Chat-Servers ist ungültig.</translation>
    </message>
    <message>
        <source>The chat server was not found. Check the address and your connection.</source>
        <translation>Der Chat-Server wurde nicht gefunden. Prüfen Sie die Adresse und Ihre Verbindung.</translation>
    </message>
    <message>
        <source>The connection to the chat server was lost.</source>
        <translation>Die Verbindung zum Chat-Server ist abgebrochen.</translation>
    </message>
    <message>
        <source>The chat server could not prove its identity: the connection is not safe.</source>
        <translation>Der Chat-Server konnte seine Identität nicht nachweisen: Die Verbindung ist nicht sicher.</translation>
    </message>
    <message>
        <source>The chat server cannot be reached.</source>
        <translation>Keine Verbindung zum Chat-Server möglich.</translation>
    </message>
    <message>
        <source>Messages not sent yet will be lost if you close the chat: %1</source>
        <translation>Noch nicht gesendete Nachrichten gehen verloren, wenn Sie den Chat schließen: %1</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>%1 Click to send it again.</source>
        <translation>%1 Klicken, um sie noch einmal zu senden.</translation>
    </message>
    <message>
        <source>Not sent yet: you are offline.</source>
        <translation>Noch nicht gesendet: Du bist offline.</translation>
    </message>
</context>
<context>
    <name>OnlinePanel</name>
    <message>
        <source>Online — %1</source>
        <translation>Online — %1</translation>
    </message>
    <message>
        <source>you</source>
        <translation>du</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n Gerät</numerusform>
            <numerusform>%n Geräte</numerusform>
        </translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Last known, not up to date while offline.</source>
        <translation>Zuletzt bekannt, offline nicht aktuell.</translation>
    </message>
    <message>
        <source>Known once connected.</source>
        <translation>Sichtbar, sobald die Verbindung steht.</translation>
    </message>
</context>
</TS>
