#include "credentials.h"

#include "yamlsource.h"

#include <QUrl>

namespace rasachat {

namespace {

// Carries a located config error out of the nested readers; caught in parse() and never beyond it.
struct ConfigError
{
    int line;
    QString key;
    QString what;
};

[[noreturn]] void fail(const YamlNode &node, const QString &key, const QString &what)
{
    throw ConfigError{node.line(), key, what};
}

// PyYAML gives None for an empty or `null` value; Rasa's str() of it would be "None", which no setting
// wants, so an empty value reads as empty.
QString scalar(const YamlNode &node, const QString &key)
{
    if (!node.isScalar())
        fail(node, key, QStringLiteral("must be a single value, not a list or a mapping"));
    return node.isNull() ? QString() : node.scalar();
}

// YAML 1.1 booleans as PyYAML reads them; any other non-empty string is truthy in Python, which is how
// the docs' placeholder "true/false" ends up switching session persistence on (spec 3.1).
bool truthy(const YamlNode &node, const QString &key)
{
    if (node.isNull())
        return false;
    const QString v = scalar(node, key);
    static const QStringList no = {QStringLiteral("false"), QStringLiteral("no"), QStringLiteral("off"),
                                   QStringLiteral("0"), QString()};
    return !no.contains(v.toLower());
}

QMap<QString, QString> stringMap(const YamlNode &node, const QString &key)
{
    QMap<QString, QString> map;
    if (node.isNull())
        return map;
    if (!node.isMapping())
        fail(node, key, QStringLiteral("must be a mapping of names to values"));
    for (const auto &[k, v] : node.entries()) {
        const QString name = scalar(k, key);
        map.insert(name, scalar(v, key + u'.' + name));
    }
    return map;
}

// `key` is the "callback" key node: an empty section has no useful position of its own.
void readCallback(const YamlNode &key, const YamlNode &section, CallbackSettings &cb)
{
    if (!section.isMapping())
        fail(key, QStringLiteral("callback"),
             QStringLiteral("needs a mapping with at least 'url' (where the bot's messages are POSTed)"));
    for (const auto &[k, v] : section.entries()) {
        const QString name = scalar(k, QStringLiteral("callback"));
        const QString key = QStringLiteral("callback.") + name;
        if (name == u"url") {
            cb.url = scalar(v, key);
        } else if (name == u"headers") {
            cb.headers = stringMap(v, key);
        } else if (name == u"params") {
            cb.params = stringMap(v, key);
        } else if (name == u"basic_auth") {
            const auto auth = stringMap(v, key);
            cb.basicAuthUser = auth.value(QStringLiteral("username"));
            cb.basicAuthPassword = auth.value(QStringLiteral("password"));
        } else if (name == u"token") {
            cb.token = scalar(v, key);
        } else if (name == u"token_name") {
            cb.tokenName = scalar(v, key);
        }
        // Other keys (cafile, store_type...) belong to Rasa's generic endpoint config; ignored here.
    }
    if (cb.url.isEmpty())
        fail(key, QStringLiteral("callback.url"),
             QStringLiteral("is required: the URL the bot's messages are POSTed to"));
    const QUrl url(cb.url);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
        fail(*section.value(u"url"), QStringLiteral("callback.url"),
             QStringLiteral("'%1' is not an http(s) URL like http://localhost:5034/bot").arg(cb.url));
    cb.enabled = true;
}

void readSocketIo(const YamlNode &section, SocketIoSettings &sio)
{
    if (section.isNull())
        return;
    if (!section.isMapping())
        fail(section, QStringLiteral("socketio"), QStringLiteral("must be a mapping (or empty)"));
    for (const auto &[k, v] : section.entries()) {
        const QString name = scalar(k, QStringLiteral("socketio"));
        const QString key = QStringLiteral("socketio.") + name;
        if (name == u"user_message_evt")
            sio.userMessageEvt = scalar(v, key);
        else if (name == u"bot_message_evt")
            sio.botMessageEvt = scalar(v, key);
        else if (name == u"session_persistence")
            sio.sessionPersistence = truthy(v, key);
        else if (name == u"namespace")
            sio.socketNamespace = scalar(v, key);
        else if (name == u"socketio_path")
            sio.socketioPath = scalar(v, key);
        else if (name == u"jwt_key")
            sio.jwtKey = scalar(v, key);
        else if (name == u"jwt_method")
            sio.jwtMethod = scalar(v, key);
        else if (name == u"metadata_key")
            sio.metadataKey = scalar(v, key);
    }
    static const QStringList methods = {QStringLiteral("HS256"), QStringLiteral("HS384"),
                                        QStringLiteral("HS512"), QStringLiteral("RS256"),
                                        QStringLiteral("RS384"), QStringLiteral("RS512")};
    if (!methods.contains(sio.jwtMethod))
        fail(*section.value(u"jwt_method"), QStringLiteral("socketio.jwt_method"),
             QStringLiteral("'%1' is not supported (one of %2)").arg(sio.jwtMethod, methods.join(u", ")));
    if (sio.userMessageEvt.isEmpty() || sio.botMessageEvt.isEmpty())
        fail(section, QStringLiteral("socketio"), QStringLiteral("event names must not be empty"));
    if (!sio.socketioPath.startsWith(u'/'))
        sio.socketioPath.prepend(u'/');
}

} // namespace

Credentials Credentials::defaults(const QString &callbackUrl)
{
    Credentials c;
    c.callback.url = callbackUrl;
    c.callback.enabled = !callbackUrl.isEmpty();
    return c;
}

std::optional<Credentials> Credentials::load(const QString &path, QString *error)
{
    const auto yaml = readYamlFile(path, error);
    if (!yaml)
        return std::nullopt;
    return parse(*yaml, path, error);
}

std::optional<Credentials> Credentials::parse(const QByteArray &yaml, const QString &fileName, QString *error)
{
    Credentials c;
    c.rest.enabled = false;
    c.socketio.enabled = false;
    const auto root = parseYaml(yaml, fileName, error, YamlEnvironment::Expand);
    if (!root)
        return std::nullopt;
    try {
        if (root->isNull())
            return c; // an empty file configures no channel, as in Rasa
        if (!root->isMapping())
            fail(*root, QStringLiteral("(top level)"),
                 QStringLiteral("must be a mapping of channel names (rest, callback, socketio)"));
        for (const auto &[k, v] : root->entries()) {
            const QString name = scalar(k, QStringLiteral("(top level)"));
            if (name == u"rest") {
                c.rest.enabled = true;
            } else if (name == u"callback") {
                readCallback(k, v, c.callback);
            } else if (name == u"socketio") {
                c.socketio.enabled = true;
                readSocketIo(v, c.socketio);
            }
            // Other channels (facebook, slack, rasa...) are Rasa's business, not this project's.
        }
    } catch (const ConfigError &e) {
        *error = QStringLiteral("%1:%2: key '%3' %4").arg(fileName).arg(e.line).arg(e.key, e.what);
        return std::nullopt;
    }
    return c;
}

} // namespace rasachat
