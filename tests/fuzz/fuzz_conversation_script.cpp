// Conversation scripts as rasa-probe test and rasa-mock --bot script read them: any file is either read
// or refused with a reason that names the file; a script that is read drives the script bot and the
// probe's checks without a crash.

#include "agent/scriptagent.h"
#include "fuzzsupport.h"
#include "script/conversationscript.h"

using namespace rasachat;

RASACHAT_FUZZ_TARGET(conversation_script)
{
    const QByteArray input = FUZZ_BYTES;
    QString error;
    const auto script = ConversationScript::parse(input, QStringLiteral("script.yml"), &error);
    if (!script) {
        FUZZ_CHECK(error.startsWith(u"script.yml"), input + " -> " + error.toUtf8());
        return 0;
    }
    const auto agent = ScriptAgent::create(*script, &error);
    if (!agent) { // a bot step the script bot cannot say: refused with its file and line
        FUZZ_CHECK(error.startsWith(u"script.yml:"), input + " -> " + error.toUtf8());
        return 0;
    }
    int turns = 0;
    for (const Conversation &c : script->conversations) {
        QList<BotMessage> answer;
        for (const ScriptStep &step : c.steps) {
            if (++turns > 200)
                return 0;
            switch (step.kind) {
            case ScriptStep::Kind::User:
            case ScriptStep::Kind::Click: {
                UserMessage m;
                m.senderId = QStringLiteral("fuzz");
                m.text = step.text;
                answer = agent->respond(m);
                break;
            }
            case ScriptStep::Kind::Bot:
                (void)step.expect.describe();
                for (const BotMessage &m : std::as_const(answer))
                    (void)step.expect.mismatch(m);
                break;
            case ScriptStep::Kind::Silence:
            case ScriptStep::Kind::SlotWasSet:
            case ScriptStep::Kind::SlotWasNotSet:
                break;
            }
        }
    }
    return 0;
}
