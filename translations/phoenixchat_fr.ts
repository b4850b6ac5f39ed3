<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ChatOptions</name>
    <message>
        <source>A chat room on Phoenix Channels, made with PhoenixQt.</source>
        <translation>Un salon de discussion sur Phoenix Channels, réalisé avec PhoenixQt.</translation>
    </message>
    <message>
        <source>Phoenix socket endpoint (default: %1).</source>
        <translation>Point d’accès du socket Phoenix (par défaut&#xa0;: %1).</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Your name in the chat.</source>
        <translation>Votre nom dans la discussion.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <source>The room to join (default: %1).</source>
        <translation>Le salon à rejoindre (par défaut&#xa0;: %1).</translation>
    </message>
    <message>
        <source>room</source>
        <translation>salon</translation>
    </message>
    <message>
        <source>Language of the user interface, e.g. de or fr (default: the system&apos;s).</source>
        <translation>Langue de l’interface, par ex. de ou fr (par défaut&#xa0;: celle du système).</translation>
    </message>
    <message>
        <source>language</source>
        <translation>langue</translation>
    </message>
    <message>
        <source>Send this message once the room is joined (repeatable).</source>
        <translation>Envoyer ce message une fois le salon rejoint (répétable).</translation>
    </message>
    <message>
        <source>text</source>
        <translation>texte</translation>
    </message>
    <message>
        <source>Save a screenshot of the window to this file.</source>
        <translation>Enregistrer une capture d’écran de la fenêtre dans ce fichier.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>Wait until this many users are online before sending and taking the screenshot (default: 1).</source>
        <translation>Attendre que ce nombre d’utilisateurs soient en ligne avant d’envoyer et de prendre la capture (par défaut&#xa0;: 1).</translation>
    </message>
    <message>
        <source>count</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>Wait until this many messages arrived before taking the screenshot (default: the number of --say).</source>
        <translation>Attendre que ce nombre de messages soient arrivés avant de prendre la capture (par défaut&#xa0;: le nombre de --say).</translation>
    </message>
    <message>
        <source>Quit after taking the screenshot.</source>
        <translation>Quitter après la capture d’écran.</translation>
    </message>
    <message>
        <source>Give up waiting after this many seconds (default: 30).</source>
        <translation>Abandonner l’attente après ce nombre de secondes (par défaut&#xa0;: 30).</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <source>Invalid --url &quot;%1&quot;: expected ws:// or wss://.</source>
        <translation>--url «&#xa0;%1&#xa0;» invalide&#xa0;: ws:// ou wss:// attendu.</translation>
    </message>
    <message>
        <source>Invalid --expect-users: %1</source>
        <translation>Valeur invalide pour --expect-users&#xa0;: %1</translation>
    </message>
    <message>
        <source>Invalid --expect-messages: %1</source>
        <translation>Valeur invalide pour --expect-messages&#xa0;: %1</translation>
    </message>
    <message>
        <source>Invalid --autopilot-timeout: %1</source>
        <translation>Valeur invalide pour --autopilot-timeout&#xa0;: %1</translation>
    </message>
    <message>
        <source>--say and --screenshot need --user.</source>
        <translation>--say et --screenshot nécessitent --user.</translation>
    </message>
    <message>
        <source>Keep the messages not confirmed yet in this file (default: %1; also the environment variable PHOENIXCHAT_OUTBOX).</source>
        <translation>Conserver dans ce fichier les messages pas encore confirmés (par défaut&#xa0;: %1&#xa0;; aussi la variable d’environnement PHOENIXCHAT_OUTBOX).</translation>
    </message>
    <message>
        <source>Invalid --outbox: the file name is empty.</source>
        <translation>--outbox invalide&#xa0;: le nom de fichier est vide.</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>No messages yet. Say hello to #%1!</source>
        <translation>Aucun message pour l’instant. Dites bonjour à #%1&#xa0;!</translation>
    </message>
    <message>
        <source>Message #%1</source>
        <translation>Message dans #%1</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
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
        <translation>Message dans #%1</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Could not join #%1: %2</source>
        <translation>Impossible de rejoindre #%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>quelqu’un</translation>
    </message>
    <message>
        <source>%1  ·  %2
%3</source>
        <translation>%1  ·  %2
%3</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 est arrivé(e)</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 est parti(e)</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Joining…</source>
        <translation>Connexion au salon…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Reconnexion dans %n s</numerusform>
            <numerusform>Reconnexion dans %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
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
        <translation>En ligne — %1</translation>
    </message>
    <message>
        <source>PhoenixQt Chat</source>
        <translation>PhoenixQt Chat</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>Votre nom&#xa0;:</translation>
    </message>
    <message>
        <source>Signed in as &lt;b&gt;%1&lt;/b&gt; in #%2</source>
        <translation>Connecté en tant que &lt;b&gt;%1&lt;/b&gt; dans #%2</translation>
    </message>
    <message>
        <source>Not sent: the server refused it.</source>
        <translation>Non envoyé&#xa0;: le serveur l’a refusé.</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>Non envoyé.</translation>
    </message>
    <message>
        <source>Waiting for the server to confirm it.</source>
        <translation>En attente de la confirmation du serveur.</translation>
    </message>
    <message>
        <source>Not sent yet: you are offline.</source>
        <translation>Pas encore envoyé&#xa0;: vous êtes hors ligne.</translation>
    </message>
    <message>
        <source>%1 Double-click to send it again.</source>
        <translation>%1 Double-cliquez pour le renvoyer.</translation>
    </message>
    <message>
        <source>Last known, not up to date while offline.</source>
        <translation>Dernière liste connue, pas à jour hors ligne.</translation>
    </message>
    <message>
        <source>Known once connected.</source>
        <translation>Affiché une fois la connexion établie.</translation>
    </message>
    <message>
        <source>Messages not sent yet will be lost if you close the chat: %1</source>
        <translation>Les messages pas encore envoyés seront perdus si vous fermez le chat&#xa0;: %1</translation>
    </message>
    <message>
        <source>The address of the chat server is not valid.</source>
        <translation>L’adresse du serveur de chat n’est pas valide.</translation>
    </message>
    <message>
        <source>The chat server was not found. Check the address and your connection.</source>
        <translation>Le serveur de chat est introuvable. Vérifiez l’adresse et votre connexion.</translation>
    </message>
    <message>
        <source>The connection to the chat server was lost.</source>
        <translation>La connexion au serveur de chat a été perdue.</translation>
    </message>
    <message>
        <source>The chat server could not prove its identity: the connection is not safe.</source>
        <translation>Le serveur de chat n’a pas pu prouver son identité&#xa0;: la connexion n’est pas sûre.</translation>
    </message>
    <message>
        <source>The chat server cannot be reached.</source>
        <translation>Impossible de joindre le serveur de chat.</translation>
    </message>
</context>
<context>
    <name>ConnectionStatus</name>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Rejoining…</source>
        <translation>Nouvelle connexion au salon…</translation>
    </message>
    <message>
        <source>Joining…</source>
        <translation>Connexion au salon…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Reconnexion dans %n s</numerusform>
            <numerusform>Reconnexion dans %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Round trip to the server</source>
        <translation>Aller-retour jusqu’au serveur</translation>
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
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Join a chat room</source>
        <translation>Rejoindre un salon</translation>
    </message>
    <message>
        <source>Messages go to everyone in the room. Your name is shown to them.</source>
        <translation>Les messages sont envoyés à tout le salon, qui voit votre nom.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Votre nom</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Rejoindre</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Salon</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
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
        <translation>quelqu’un</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 est arrivé(e)</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 est parti(e)</translation>
    </message>
    <message>
        <source>signed in as %1</source>
        <translation>connecté en tant que %1</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Not sent: the server refused it.</source>
        <translation>Non envoyé&#xa0;: le serveur l’a refusé.</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>Non envoyé.</translation>
    </message>
    <message>
        <source>The address of the chat server is not valid.</source>
        <translation>L’adresse du serveur de chat n’est pas valide.</translation>
    </message>
    <message>
        <source>The chat server was not found. Check the address and your connection.</source>
        <translation>Le serveur de chat est introuvable. Vérifiez l’adresse et votre connexion.</translation>
    </message>
    <message>
        <source>The connection to the chat server was lost.</source>
        <translation>La connexion au serveur de chat a été perdue.</translation>
    </message>
    <message>
        <source>The chat server could not prove its identity: the connection is not safe.</source>
        <translation>Le serveur de chat n’a pas pu prouver son identité&#xa0;: la connexion n’est pas sûre.</translation>
    </message>
    <message>
        <source>The chat server cannot be reached.</source>
        <translation>Impossible de joindre le serveur de chat.</translation>
    </message>
    <message>
        <source>Messages not sent yet will be lost if you close the chat: %1</source>
        <translation>Les messages pas encore envoyés seront perdus si vous fermez le chat&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>%1 Click to send it again.</source>
        <translation>%1 Cliquez pour le renvoyer.</translation>
    </message>
    <message>
        <source>Not sent yet: you are offline.</source>
        <translation>Pas encore envoyé&#xa0;: vous êtes hors ligne.</translation>
    </message>
</context>
<context>
    <name>OnlinePanel</name>
    <message>
        <source>Online — %1</source>
        <translation>En ligne — %1</translation>
    </message>
    <message>
        <source>you</source>
        <translation>vous</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n appareil</numerusform>
            <numerusform>%n appareils</numerusform>
        </translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Last known, not up to date while offline.</source>
        <translation>Dernière liste connue, pas à jour hors ligne.</translation>
    </message>
    <message>
        <source>Known once connected.</source>
        <translation>Affiché une fois la connexion établie.</translation>
    </message>
</context>
</TS>
