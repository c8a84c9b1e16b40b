"""The inner loop: who to call back first.

:func:`followup_list` selects detractors, and passives whose answer is negative or mixed, and
ranks them by a transparent priority score:

====================  ======  =============================================================
signal                points  fires on
====================  ======  =============================================================
detractor / passive   2 / 1   the score group (the low group of the scale / the middle one)
churn threat          +3      an EXPLICIT intent to leave, cancel or switch: "rezygnuję z
                              usług", "odchodzę do konkurencji", "zmieniam operatora", "to
                              był ostatni raz", "więcej u was nie kupię", "wypowiadam
                              umowę", "I'm cancelling my subscription", "switching to X",
                              "never ordering again", "closing my account". Not on
                              unsubscribing from newsletters, "rezygnacja" as a noun about a
                              form, cancelling one order, "leaving the store"; not when the
                              intent is negated ("nie zamierzam rezygnować", "I won't
                              switch"); "I can't cancel my account" is intent.
unresolved complaint  +2      a problem still open: waiting for a refund, a repair, an answer
                              or a delivery ("czekam na zwrot od miesiąca", "reklamacja bez
                              odpowiedzi", "nikt nie oddzwonił", "still waiting for my
                              refund", "in repair for 6 weeks"), a rejected complaint, an
                              escalation; or a ``complaints`` topic mentioned negatively
repeated contact      +1      "kolejny raz", "trzeci raz dzwonię", "znowu", "again",
                              "several times" (not "never again")
very low score        +1      the bottom third of the low group: 0-2 on the NPS scale, 1 on a
                              1-5 CSAT scale
====================  ======  =============================================================

``priority``: **high** from 4 points (a detractor with a churn threat or an open complaint,
or with both smaller signals; a passive with a churn threat), **medium** at 3 (a detractor who
contacted again or scored very low; a passive with an open complaint), **low** otherwise (a
detractor with no signal: 2 points; a polite passive who only waited a little: 1 point).

The signals are patterns on the answer (PII already redacted), matched on a copy without
Polish diacritics so "rezygnuje" and "rezygnuję" read the same, and they return the words that
fired (``signals``). ``reason`` / ``reason_pl`` say why in a short line: the signals with their
words, then the most negative topics ("Churn threat: 'switching to Orange'; Network outages
(negative)"). The evidence is the clause carrying the first signal, else the most negative
clause that says something (not a bare "SKANDAL" when a longer negative clause exists), else
the answer.

Columns (:data:`FOLLOWUP_COLUMNS`): ``priority``, ``priority_score``, ``reasons`` (the signal
kinds), ``signals`` (their trigger words), ``reason`` / ``reason_pl``, ``response_id``,
``question``, ``score``, ``score_group``, ``sentiment``, ``topics`` (codes), ``topic_names``
(names when ``topic_names`` is given, else codes; :func:`with_topic_names` names them later),
``segments`` (every ``segment_*`` value: "kanal: app; region: mazowieckie"), ``date`` (``NaT``
when none), ``evidence``, ``text``; ``segment_columns=True`` appends the raw ``segment_*``
columns.

Order of the table: priority score (high first), score (low first), response id - the order
:class:`~cxtext.drivers.stream.DriverAccumulator` keeps when it merges chunks, so a chunked run
gives the same file. :func:`sort_followup` (``by_date=True``) breaks ties by the newest answer
first; the HTML report shows its top rows in that order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxtext.schema import NPS, SEGMENT_PREFIX, ScoreScale, get_scale

__all__ = ["followup_list", "FOLLOWUP_COLUMNS", "Signals", "detect_signals", "sort_followup",
           "with_topic_names"]

FOLLOWUP_COLUMNS: tuple[str, ...] = (
    "priority", "priority_score", "reasons", "signals", "reason", "reason_pl", "response_id",
    "question", "score", "score_group", "sentiment", "topics", "topic_names", "segments",
    "date", "evidence", "text",
)

# --- matching on a copy without Polish diacritics (same length: spans map back) -------------
_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ’‘`", "acelnoszzACELNOSZZ'''")


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


_W = r"[\w'-]+"  # a word
_DUR = (r"(?:(?:ponad|prawie|blisko|juz|kilka|kilku|paru|pare|dwa|dwoch|trzy|trzech|cztery|"
        r"czterech|piec|pieciu|szesc|szesciu|siedem|osiem|\d+|caly|calego|kolejny|kolejnego|"
        r"drugi|trzeci|czwarty)\s+){0,3}(?:dni|dnia|doby|tydzien|tygodnia|tygodni|tygodnie|"
        r"tyg|miesiac|miesiaca|miesiace|miesiecy|mies)\b")
_PROVIDER = (r"(?:competitors?|competition|providers?|banks?|carriers?|networks?|suppliers?|"
             r"compan(?:y|ies)|shops?|stores?|insurers?|operators?|retailers?|brands?|"
             r"broadband|isps?)")
_PL_PROVIDER = (r"(?:operator\w*|bank\w*|dostawc\w*|sklep\w*|firm[eay]|sieci?|"
                r"ubezpieczyciel\w*|platform[eay]|kablowk\w*|telewizj\w*)")

# churn: explicit intent to leave, cancel or switch (checked against negations below)
_CHURN = _rx(
    # PL: rezygnuję / zrezygnuję / zrezygnowałem / (chcę) zrezygnować, object not a newsletter,
    # a notification, one order or one purchase
    r"\b(?:z?rezygnuj(?:e|emy)|zrezygnowal(?:em|am|ismy|ysmy)?|z?rezygnowac)\b"
    r"(?!\s+(?:[\w-]+\s+)?z\s+(?:tego\s+|t[ae]j\s+|tych\s+)?(?:newsletter\w*|mail\w*|e-?mail\w*|"
    r"mailing\w*|powiadomie\w*|sms\w*|wiadomosci|reklam\w*|zgod\w*|marketing\w*|ofert\w*|"
    r"zamowienia\b|zakupu?\b|koszyk\w*|dostaw\w*|platnosc\w*|transakcj\w*|subskrypcji\s+"
    r"newsletter\w*))",
    r"\b(?:skladam|zlozyl(?:em|am|ismy)|zloze|wysylam|wyslal(?:em|am)|wysle)\s+(?:\w+\s+)?"
    r"(?:rezygnacj\w*|wypowiedzeni\w*)",
    # PL: odchodzę do konkurencji / od was (not "odszedłem od kasy")
    r"\b(?:odchodze|odchodzimy|odejde|odejdziemy|odszedl(?:em)?|odeszl(?:am|ysmy)|odejsc|"
    r"odchodzic)\b(?:\s+(?:do\s+(?:konkurencj\w*|inn\w+|(?-i:[A-Z])\w+)|"
    r"od\s+(?:was|ciebie|pan(?:a|stwa)|(?:tego|waszego|tej|waszej)\s+\w+|" + _PL_PROVIDER +
    r"))|(?=\s*(?:[.!?,;:)]|$)))",
    # PL: zmieniam operatora / bank / dostawcę; rozważam zmianę banku
    r"\b(?:zmieni\w*|zmienia\w*|zmiane|zmianie|zmiany)\s+(?:\w+\s+)?" + _PL_PROVIDER + r"\b",
    # PL: przechodzę do konkurencji / do Orange / do innego banku; kupuję u konkurencji
    r"\b(?:przechodze|przechodzimy|przejde|przejdziemy|przeszedl(?:em)?|przeszl(?:am|ysmy)|"
    r"przejsc|przenosze\s+sie|przeniose\s+sie|przenioslem\s+sie|przenioslam\s+sie|"
    r"przenosze\s+\w+|przeniose\s+\w+|przenioslem\s+\w+|przenioslam\s+\w+)\s+"
    r"(?:do|na)\s+(?:konkurencj\w*|inn(?:ego|ej|a|y)\b|(?-i:[A-Z])\w+)",
    r"\b(?:przechodze|przejde|przeszedl\w*|przeszl\w*|przechodzimy|ide|pojde|uciekam|uciekne|"
    r"odchodze|odejde|kupuje|kupie|kupowac|kupujemy|zamawiam|zamowie|zamawiac|wybieram|"
    r"wybiore|wracam|przenosze\s+sie|przeniose\s+sie)\s+(?:\w+\s+){0,2}?(?:do|u|w|na)\s+"
    r"konkurencj\w*",
    r"\b(?:przenosze|przeniose|przenioslem|przenioslam|przeniesc)\s+(?:\w+\s+)?(?:numer\w*|"
    r"konto|rachun\w*|pieniadze|oszczednosci|srodki|lokat\w*|firm\w*)\b",
    # PL: to był ostatni raz; pierwszy i ostatni raz; ostatni raz u was kupuję
    r"\b(?:to\s+byl|to\s+jest|byl\s+to|to\s+bylo|pierwszy\s+i|po\s+raz)\s+ostatni(?:\s+raz)?\b",
    r"\bostatni(?:e|a)?\s+(?:raz|zamowienie|zakup|wizyta)\s+(?:u\s+was|w\s+tym|w\s+waszym|"
    r"tutaj|tu\b|kupuje|zamawiam|korzystam)",
    # PL: więcej u was nie kupię; nigdy więcej (nie zamówię); nie wrócę
    r"\b(?:wiecej|juz|nigdy)\s+(?:\w+\s+){0,3}?nie\s+(?:kupi(?:e|my)|zamowi(?:e|my)|"
    r"skorzysta(?:m|my)|przyjd(?:e|ziemy)|wroc(?:e|imy)|postanie|zobaczycie\s+mnie|"
    r"bede\s+(?:kupowac|zamawiac|korzystac))\b",
    r"\bnie\s+(?:kupie|zamowie|skorzystam|wroce|przyjde)\s+(?:\w+\s+)?(?:juz|wiecej|nigdy)\b",
    r"\bnigdy\s+wiecej(?=\s*(?:[.!?,;:)]|$|nie\b|u\b|tu\b|tutaj\b|w\b|z\b|tego\b|takich\b))",
    r"\bnigdy\s+wiecej\s+(?:zakup\w*|zamowie\w*|uslug\w*|tego\s+\w+|waszych\s+\w+|"
    r"\w+\s+(?:tutaj|tu|u\s+was|w\s+tym))",
    r"\bnie\s+wroc(?:e|imy)\b(?!\s+do\s+(?:tematu|tego\s+tematu|sprawy))",
    # PL: wypowiadam umowę; rozwiązuję umowę; zamykam konto; anuluję subskrypcję
    r"\b(?:wypowiadam|wypowiem|wypowiedzial(?:em|am)|wypowiedziec|wypowiadamy|rozwiazuje|"
    r"rozwiaze|rozwiazac|rozwiazal(?:em|am))\s+(?:\w+\s+)?(?:umow\w*|abonament\w*|kontrakt\w*|"
    r"kart[eay])\b",
    r"\b(?:zamykam|zamkne|zamknal(?:em)?|zamknel(?:am)?|zamknac|likwiduje|zlikwiduje|"
    r"zlikwidowal(?:em|am)|usuwam|usune|usunal(?:em)?|usunel(?:am)?|usunac)\s+(?:\w+\s+)?"
    r"(?:kont[oa]|rachun\w*|kart[eay]|lokat[eay])\b",
    r"\b(?:anuluj\w*|anulowal(?:em|am)|anulowac)\s+(?:\w+\s+)?(?:subskrypcj\w*|abonament\w*|"
    r"umow\w*|uslug\w*|kont[oa]|kart[eay]|pakiet\w*|czlonkostw\w*)",
    # PL: szukam innego banku; rozglądam się za innym operatorem
    r"\b(?:szukam|szukamy|poszukam|rozgladam\s+sie\s+za|rozgladamy\s+sie\s+za)\s+(?:\w+\s+)?"
    r"(?:inn|now)(?:ego|ej|ym|a)\s+" + _PL_PROVIDER,
    # EN: cancelling my subscription / account / contract; I can't cancel my account
    r"\b(?:cancel(?:l?ing|l?ed|s)?|terminat(?:e|ing|ed))\s+(?:my|our|the|this)\s+(?:\w+\s+)?"
    r"(?:subscriptions?|accounts?|contracts?|membership|plan|service|policy|card|broadband|"
    r"line|sim|package|insurance)\b",
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are|i\s+will|i'll|going\s+to|gonna|want\s+to|about\s+to)"
    r"(?:\s+be)?\s+cancel(?:l?ing)?(?=\s*(?:[.!?,;:]|$|and\b))",
    r"\bcancel(?:l?ing)?\s+(?:it\s+)?(?:all|everything)\b",
    r"\b(?:won'?t|will\s+not|not\s+going\s+to|not)\s+(?:be\s+)?renew(?:ing)?\b",
    # EN: switching to X / to another bank; switching providers
    r"\bswitch(?:ing|ed|es)?\s+(?:over\s+)?to\s+(?:(?:a|an|another|other|the|some)\s+"
    r"(?:\w+\s+)?" + _PROVIDER + r"|(?-i:[A-Z])[\w&'.-]*)",
    r"\bswitch(?:ing|ed)?\s+(?:my\s+)?" + _PROVIDER + r"\b",
    r"\bmov(?:e|ing|ed)\s+(?:over\s+)?to\s+(?:another|a\s+different|a\s+new|a\s+competing|"
    r"a\s+rival|the)\s+(?:\w+\s+)?" + _PROVIDER + r"\b",
    r"\b(?:mov(?:e|ing|ed)|tak(?:e|ing)|took|transferr?(?:ing|ed)?|port(?:ing|ed)?)\s+"
    r"(?:my|our)\s+(?:money|savings|accounts?|business|custom|mortgage|numbers?|line)\b"
    r"(?!\s+(?:to\s+(?:the|your)\s+(?:app|website|online)))",
    r"\b(?:go(?:ing)?|shop(?:ping)?|buy(?:ing)?|order(?:ing)?)\s+(?:\w+\s+)?"
    r"(?:elsewhere|somewhere\s+else)\b",
    # EN: never ordering again; won't be back; not coming back; this was my last order
    r"\bnever\s+(?:[\w']+\s+){0,4}?again\b",
    r"\bnever\s+(?:be\s+)?(?:coming|come|going|go)\s+back\b",
    r"\b(?:won'?t|will\s+not|wouldn'?t|not)\s+(?:be\s+)?(?:coming\s+|going\s+)?back\b",
    r"\b(?:won'?t|will\s+not|wouldn'?t|not)\s+(?:be\s+)?(?:buy|order|shop|us|fly|com|"
    r"return|book|stay|deal)\w*\s+(?:[\w']+\s+){0,3}?(?:again|anymore|any\s+more)\b",
    r"\b(?:this|that)\s+(?:is|was|will\s+be)\s+(?:my|our|the)\s+(?:very\s+)?last\s+(?:time|"
    r"order|purchase|booking|visit)\b",
    r"\b(?:my|the)\s+last\s+(?:order|purchase|booking)\s+(?:from|with|at)\s+(?:you|this|your)",
    # EN: closing my account; I'm leaving (not "leaving the store", "leaving a review")
    r"\b(?:clos(?:e|ing|ed)|shut(?:ting)?\s+down|delet(?:e|ing|ed))\s+(?:my|our)\s+(?:\w+\s+)?"
    r"accounts?\b",
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are|i\s+will\s+be|i'll\s+be|i'll|i\s+will)\s+leaving\b"
    r"(?!\s+(?:a|an|the|this|that|my|our|some|it|them|work|home|now\s+for|you\s+(?:a|an|my|"
    r"some|this|feedback|\d)|for\s+(?:work|home|holiday|vacation)|\d))",
    r"\bleav(?:e|ing)\s+(?:you\s+for\b|(?:this|your)\s+(?:\w+\s+)?(?:bank|company|network|"
    r"provider|insurer|operator|service)|for\s+(?:a\s+competitor|another\s+\w+|the\s+competition|"
    r"(?-i:[A-Z])\w+))",
    # EN: I'm done (with you)
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:so\s+|totally\s+|completely\s+|officially\s+)?"
    r"done(?:\s+with\s+(?:you|this\s+(?:company|shop|store|bank)|your\s+\w+)\b|"
    r"(?=\s*(?:[.!?,;:]|$)))",
    # EN: looking for another provider; considering leaving
    r"\b(?:(?:look(?:ing)?|search(?:ing)?|shop(?:ping)?\s+around)\s+(?:for|at)|"
    r"find(?:ing)?)\s+(?:another|"
    r"a\s+(?:new|different|better)|other)\s+(?:\w+\s+)?(?:" + _PROVIDER + r"|options)\b",
    r"\b(?:consider(?:ing)?|thinking\s+(?:about|of))\s+(?:switching|leaving|cancell?ing|"
    r"moving\s+to|closing\s+my)",
)

# a negation right before the intent: "nie zamierzam rezygnować", "I won't switch"
_NEGATED = re.compile(
    r"(?:\bnie|\bnigdy\s+nie|\bani\s+mysle|\bprawie|\bomal|\bo\s+malo(?:\s+co)?|\bnot|\bnever|"
    r"\bnearly|\balmost|\bhardly|\bwon'?t|\bwill\s+not|\bwouldn'?t|\bwould\s+not|"
    r"\bdo(?:n'?t|\s+not)|\bdoesn'?t|\bdidn'?t)"
    r"(?:\s+(?:juz|wcale|raczej|be|really|actually|even|ever|seriously|be\s+actually))?\s*$"
    r"|(?:\bnie\s+(?:zamierza\w*|chce\w*|mam(?:y)?\s+zamiaru|planuj\w*|mysle|myslimy|bede|"
    r"bedziemy|musze|widze\s+(?:powodu|potrzeby|sensu)|ma\s+mowy,?\s*(?:zebym|zeby|abym|bym|"
    r"o))|\bno\s+(?:plans?|intention|reason|need)\s+(?:to|of)|\bhave\s+no\s+(?:plans?|"
    r"intention)|\bwhy\s+would\s+(?:i|we|anyone)|\bnot\s+(?:going|planning|intending|about)"
    r"\s+to|\bdo(?:n'?t|\s+not)\s+(?:want|plan|intend|need|wish)\s+to)"
    r"(?:\s+[\w']+){0,3}\s*$", re.I)

# unresolved: a problem still open now
_UNRESOLVED = _rx(
    # PL: czekam na zwrot / odpowiedź / decyzję; kolejny miesiąc czekam
    r"\b(?:czekam|czekamy|oczekuje|oczekujemy)\s+(?:(?:juz|nadal|wciaz|dalej|ciagle|ponad|"
    r"prawie)\s+)*(?:na\s+(?:\w+\s+)?(?:zwrot|odpowiedz|decyzj|kontakt|telefon|napraw|wymian|"
    r"pieniadz|pieniedz|przesylk|paczk|zamowien|kurier|technik|serwis|rozpatrz|reklamacj|"
    r"korekt|faktur|srodk|oddzwon|informacj|realizacj|dostarcz|dostaw|towar|rozwiazan|reakcj|"
    r"odpis|zwrocen|przelew|laptop|telefon|sprzet|urzadzen)\w*|od\s+\w+|" + _DUR + r")",
    r"\b(?:nadal|wciaz|dalej|ciagle|juz|kolejn\w+|trzeci\w*|drugi\w*|czwart\w*|od\s+\w+)\s+"
    r"(?:\w+\s+)?czekam\b",
    # PL: bez odpowiedzi; brak odpowiedzi / zwrotu; i cisza; infolinia milczy
    r"\bbez\s+(?:\w+\s+)?(?:odpowiedzi|reakcji|kontaktu|rozwiazania|odzewu)\b",
    r"\b(?:brak|zero)\s+(?:jakiejkolwiek\s+)?(?:odpowiedzi|reakcji|kontaktu|zwrotu|decyzji|"
    r"rozwiazania|odzewu)\b",
    r"\bzero\s+informacji\b",
    r"\b(?:i|a|potem|dalej|nadal|wciaz|od\s+tamtej\s+pory)\s+cisza\b|\bcisza\s+w\s+eterze\b",
    r"\bmilcz(?:y|a|ycie)\b",
    # PL: nikt nie oddzwonił / nie odpisał / się nie odezwał
    r"\bnikt\s+(?:sie\s+)?(?:\w+\s+)?nie\s+(?:oddzwoni|odpisa|odpowi|odezwa|skontaktowa|"
    r"odbiera|pomog|pomoze|zadzwoni|kontaktowa|zainteresowa|przyjecha|przyszed|pojawi|rozwiaza|"
    r"odpisuj|odda)\w*",
    r"\bnie\s+(?:oddzwoni|odpisuj|odpisa|odpowiada|odpowiedzie|odezwa|oddzwania|odbiera)\w*"
    r"\b(?!\s+(?:mi|nam|moim|naszym)\b)",
    # PL: nadal / wciąż / do dziś + nie / brak / nic
    r"\b(?:nadal|wciaz|dalej|ciagle|do\s+tej\s+pory|do\s+dzis|do\s+teraz|po\s+dzis\s+dzien|"
    r"od\s+tamtej\s+pory)\s+(?:[\w-]+\s+){0,3}?(?:nie\b(?!\s+(?:polecam|polecamy|lubie|"
    r"rozumiem|wiem|jestem|uwazam|podoba|zmienia|zaluje))|brak\b|nic\b|bez\b|zero\b|czekam|"
    r"nierozwiazan|nierozpatrzon|niezalatw)\w*",
    # PL: leży w serwisie już 6 tygodni; naprawiany od 40 dni; rozpatrujecie już miesiąc
    r"\b(?:napraw\w*|serwis\w*|gwarancj\w*|reklamacj\w*|rozpatr\w*|zwrot\w*|zgloszen\w*|"
    r"sprawa|lezy|leza|trzyma\w*|przetrzymuj\w*|trwa|ciagnie\s+sie)\s+(?:[\w,]+\s+){0,4}?"
    r"(?:od|juz|ponad)\s+" + _DUR,
    r"\bod\s+" + _DUR + r"\s+(?:\w+\s+){0,2}?(?:nie\b|czekam|brak|bez\b|nic\b|wisi|lezy)",
    r"\bminel[aoy]?\s+(?:juz\s+)?" + _DUR,
    r"\bod\s+" + _DUR + r"\s+(?:\w+\s+)?(?:probuj|staram|walcz|usiluj|dobijam|dzwoni|pisz)\w*|"
    r"\b(?:probuj\w*|staram\s+sie|walcz\w*|usiluj\w*)\s+(?:[\w-]+\s+){0,4}?od\s+" + _DUR,
    r"\bnie\s+(?:da\s+sie|moge|mozna|jestem\s+w\s+stanie)\s+(?:sie\s+)?(?:\w+\s+)?"
    r"(?:dodzwonic|polaczyc|skontaktowac|doprosic)",
    r"\bnie\s+(?:dotarl|doszl)\w*\b(?!\s+(?:na\s+czas|w\s+terminie|od\s+razu))",
    r"\b(?:ciagnie\s+sie|trwa)\s+(?:juz\s+)?(?:od|ponad)\b|\bnikt\s+nic\s+nie\s+wie|"
    r"\bodsyla\w*\s+(?:mnie\s+|nas\s+)?(?:od|z)\b",
    r"\bwisi\s+(?:w\s+systemie|od|juz|bez|nierozpatrzon)",
    r"\b(?:sprawa|zgloszenie|reklamacja)\s+(?:jest\s+)?(?:nadal\s+|wciaz\s+)?w\s+toku\b",
    # PL: pieniądze nie wróciły; nie dostałam zwrotu; gdzie są moje pieniądze
    r"\bnie\s+(?:dostal|otrzymal|zobaczyl)\w*\s+(?:\w+\s+){0,2}?(?:zwrot|pieniedz|pieniadz|"
    r"srodk|paczk|przesylk|zamowien|towar|odpowiedz|faktur|korekt|naprawion)\w*",
    r"\b(?:pieniadze|srodki|kasa|zwrot|przelew|paczka|przesylka|zamowienie|towar)\s+"
    r"(?:[\w-]+\s+){0,3}?nie\s+(?:wrocil|wplyn|dotarl|przyszl|doszl|przyszed|zostal\w*\s+"
    r"(?:zwrocon|wyslan|dostarczon|zaksiegowan))\w*\b(?!\s+(?:na\s+czas|w\s+terminie))",
    r"\bnie\s+(?:wrocil|wplynel|wplynely|dotarl)\w*\s+(?:\w+\s+)?(?:pieniadze|srodki|zwrot|"
    r"paczka|przesylka|przelew)",
    r"\bgdzie\s+(?:sa\s+|jest\s+)?(?:moje|moja|moj|nasze|nasza)\s+(?:pieniadze|paczka|"
    r"zamowienie|zwrot|przesylka|srodki)",
    # PL: reklamacja odrzucona / nierozpatrzona; nierozwiązany problem
    r"\breklamacj\w*\s+(?:\w+\s+){0,2}?(?:odrzucon\w*|nieuznan\w*|nie\s+uznan\w*|"
    r"nierozpatrzon\w*|nie\s+rozpatrzon\w*|wisi|ciagnie\s+sie|odbija)",
    r"\b(?:odrzuc\w*|nie\s+uzna\w*)\s+(?:\w+\s+)?(?:moja\s+|moje\s+|mi\s+)?(?:reklamacj\w*|"
    r"gwarancj\w*|zgloszeni\w*|wniosek)",
    r"\bnie\s*rozwiazan\w*|\bnierozpatrzon\w*|\bnie\s+rozpatrzon\w*|\bniezalatwion\w*|"
    r"\bnie\s+zostal\w*\s+(?:rozwiazan|rozpatrzon|zalatwion)\w*",
    r"\b(?:zglosze|zglaszam|zglosil(?:em|am)|skieruje|kieruje|ide|pojde|oddaje|oddam)\s+"
    r"(?:\w+\s+){0,3}?(?:do\s+)?(?:rzecznik\w*|uokik\w*|sadu|prawnik\w*|adwokat\w*|"
    r"inspekcj\w*)",
    r"\b(?:reklamacj|zwrot|zgloszen|napraw|wymian|pieniadz|pieniedz)\w*[^.!?]{0,60}?"
    r"\b(?:i|a)\s+(?:nadal\s+|dalej\s+|wciaz\s+|do\s+dzis\s+)?(?:nic|cisza)\b",
    # PL: obiecał oddzwonić i cisza; zwrot miał być w 14 dni
    r"\bobiec(?:al|an)\w*(?:\s+\w+)?(?=[^.!?]{0,60}?(?:\bi\s+(?:cisza|nic)|\bnikt\b|\bnie\b|"
    r"\bminel\w*|\bcisza\b|\bnadal\b|\bwciaz\b))",
    r"\b(?:zwrot|przelew|kontakt|odpowiedz|telefon|paczka|przesylka|technik|kurier|pieniadze)"
    r"\s+mial\w*\s+(?:byc|przyjsc|przyjechac|dotrzec|zadzwonic|oddzwonic|wplynac|wrocic)",
    # EN: still waiting / still not / still hasn't
    r"\bstill\s+(?:[\w']+\s+){0,2}?(?:not|no|nothing|waiting|haven'?t|hasn'?t|have\s+not|"
    r"has\s+not|don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|can'?t|cannot|unresolved|broken|pending|"
    r"open|missing|without|nowhere|in\s+repair)\b",
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are|been|keep|am)\s+waiting\b",
    r"\bwaiting\s+(?:for|on)\s+(?:my|a|the|our|any|me)\s+(?:\w+\s+)?(?:refund|money|reply|"
    r"response|answer|call|callback|replacement|repair|parcel|package|order|delivery|update|"
    r"engineer|technician|decision|compensation|credit|item)",
    # EN: nobody called me back; never heard back; no reply / update / refund
    r"\b(?:no\s*one|nobody|no-one)\s+(?:has\s+|ever\s+|even\s+|actually\s+)?(?:called|calls|"
    r"rang|got|gets|replied|replies|responded|responds|answered|answers|came|contacted|helped|"
    r"helps|bothered|picks|picked|returned|fixed|showed|knows|cares)\b",
    r"\bnever\s+(?:heard|got|received|showed|arrived|arrives|came|comes|called|replied|responded|delivered|"
    r"refunded|fixed|resolved|contacted)\b",
    r"\bno\s+(?:reply|replies|response|answer|update|updates|news|callback|call\s*back|refund|"
    r"word|feedback|resolution|follow-?up)\b",
    r"\b(?:haven'?t|have\s+not|hasn'?t|has\s+not|didn'?t|did\s+not|not\s+yet|yet\s+to)\s+"
    r"(?:\w+\s+)?(?:received|receive|got|get|gotten|seen|had|heard)\s+(?:[\w']+\s+){0,2}?"
    r"(?:refund|money|reply|response|answer|back|item|order|parcel|package|replacement|credit|"
    r"compensation|call|update|repair)",
    r"\b(?:refund|money|replacement|parcel|package|order|item)\s+(?:\w+\s+)?(?:is\s+|has\s+)?"
    r"(?:still\s+)?(?:not|never)\s+(?:here|arrived|come|came|received|been\s+(?:processed|"
    r"issued|refunded|returned|delivered))",
    r"\b(?:hasn'?t|has\s+not|haven'?t|have\s+not|didn'?t|did\s+not|still\s+not)\s+"
    r"(?:yet\s+)?(?:arrived|come|been\s+(?:delivered|refunded|fixed|repaired)|turned\s+up|"
    r"shown\s+up)\b",
    r"\bnothing\s+(?:has\s+been|was|is\s+being|got|has\s+happened)(?:\s+(?:done|fixed|"
    r"resolved|sorted))?",
    r"\bpending\s+(?:for|since)\b|\b(?:refund|complaint|claim|ticket|case|return|request)s?"
    r"\s+(?:is\s+|has\s+been\s+)?(?:still\s+)?pending\b",
    r"\bwhere(?:'s|\s+is)\s+(?:my|our)\s+(?:money|refund|order|parcel|package|replacement)",
    # EN: in repair for 6 weeks; sent for repair 5 weeks ago
    r"\b(?:can'?t|cannot|unable\s+to|impossible\s+to)\s+(?:get\s+through|reach\s+(?:anyone|"
    r"anybody|a\s+human|a\s+person|you|your))|\b(?:been|keep|kept)\s+trying\b",
    r"\bin\s+(?:for\s+)?(?:the\s+)?(?:repair|service|warranty\s+repair|the\s+shop)\s+(?:for|"
    r"since)\b",
    r"\b(?:sent|been|went|gone|taken)\s+(?:\w+\s+){0,2}?(?:for|to|in)\s+(?:a\s+)?"
    r"(?:warranty\s+)?(?:repair|service|servicing)\b[^.!?]{0,30}?(?:\d+|two|three|four|five|"
    r"six|several)\s+(?:days|weeks|months)\s+(?:ago|now|already)",
    r"\b(?:down|broken|not\s+working|out|offline|in\s+repair)\s+(?:for|since)\s+(?:over\s+|"
    r"almost\s+|nearly\s+)?(?:a|one|two|three|four|five|six|several|\d+)\s+(?:days?|weeks?|"
    r"months?)",
    r"\b(?:it'?s|it\s+has|it'?s\s+been|has\s+been|have\s+been|been)\s+(?:over\s+|almost\s+|"
    r"nearly\s+|more\s+than\s+)?(?:a|one|two|three|four|five|six|several|\d+)\s+(?:days?|"
    r"weeks?|months?)\b",
    r"\bweek\s+(?:\d+|two|three|four|five|six)\s+of\s+waiting\b",
    # EN: a promise not kept; a complaint ignored, rejected, pending
    r"\bpromised\s+(?:me\s+|us\s+)?(?:a\s+|to\s+)?(?:call|callback|call\s*back|refund|reply|"
    r"response|replacement|contact|get\s+back|update|ring)",
    r"\b(?:told|said|assured|promised)\s+(?:me\s+|us\s+)?(?:that\s+)?(?:someone|somebody|"
    r"they|you|an?\s+\w+)\s+(?:would|will)\s+(?:contact|call|ring|get\s+back|reply|email|come)",
    r"\b(?:if|until|unless)\s+i\s+(?:don'?t|do\s+not)\s+hear\b",
    r"\b(?:complaint|claim|ticket|case|dispute|request|query|issue|problem)s?\s+(?:\w+\s+){0,2}?"
    r"(?:was\s+|were\s+|is\s+|are\s+|has\s+been\s+|got\s+|still\s+)?(?:\w+\s+)?(?:ignored|"
    r"rejected|denied|declined|unresolved|unanswered|pending|open|closed\s+without|"
    r"not\s+(?:been\s+)?(?:resolved|answered|handled|fixed|processed|sorted))\b",
    r"\bunresolved\b|\bnot\s+(?:been\s+)?resolved\b|\bno\s+resolution\b",
    r"\b(?:chargeback|ombudsman|small\s+claims|trading\s+standards|consumer\s+protection|"
    r"regulator)\b",
    r"\b(?:runaround|passed\s+(?:around|from\s+one))\b",
)

# repeated contact (the "again" of "never again" / "would order again" is left out below)
_REPEATED = _rx(
    r"\b(?:kolejny|kolejna|kolejne)\s+raz\w*|\bpo\s+raz\s+(?:kolejny|drugi|trzeci|czwarty|"
    r"piaty|\d+)|\bznowu\b|\bznow\b|\bponownie\b|\b(?:drugi|trzeci|czwarty|piaty)\s+raz\b",
    r"\b(?:kilka|pare|kilkanascie|dwa|trzy|cztery|piec|\d+)\s+razy\b|\bkilkukrotnie\b|"
    r"\bwielokrotnie\b",
    r"\b(?:dzwoni|pisa|zglasza|kontaktowa)\w*\s+(?:juz\s+)?(?:kilka|pare|kilkanascie|"
    r"wielokrotnie)\b",
    r"\b(?:dwa|trzy|cztery|kilka|pare|\d+)\s+(?:maile|maili|telefony|telefonow|zgloszenia|"
    r"zgloszen|rozmowy|wizyty)\b",
    r"\bagain\s+and\s+again\b|\bonce\s+again\b|\byet\s+again\b|\b(?:second|third|fourth|fifth|"
    r"\d+(?:st|nd|rd|th))\s+time\b|\b(?:several|multiple|many|countless|numerous)\s+times\b|"
    r"\brepeatedly\b|\b(?:twice|three\s+times|four\s+times|\d+\s+times)\b|\bagain\b",
)
_AGAIN_NOT_CONTACT = re.compile(
    r"\b(?:never|won'?t|will\s+not|wouldn'?t|would|not|happily|gladly)\b|'d\b", re.I)


@dataclass(frozen=True)
class Signals:
    """The words that fired each follow-up signal, as written in the answer."""

    churn: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    repeated: tuple[str, ...] = ()

    def phrases(self) -> list[str]:
        return list(dict.fromkeys(self.churn + self.unresolved + self.repeated))


def _clause_before(folded: str, start: int) -> str:
    """The text of the clause before ``start`` (back to the last sentence end, 60 chars)."""
    before = folded[max(0, start - 60):start]
    cut = max(before.rfind(c) for c in ".!?;\n")
    return before[cut + 1:]


def _spans(rx: re.Pattern[str], folded: str) -> list[tuple[int, int]]:
    """The non-overlapping matches, left to right."""
    found: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = rx.search(folded, pos)
        if m is None:
            break
        if m.end() > m.start():
            found.append((m.start(), m.end()))
            pos = m.end()
        else:
            pos = m.start() + 1
    return found


def _phrase(text: str, span: tuple[int, int]) -> str:
    return re.sub(r"\s+", " ", text[span[0]:span[1]]).strip(" ,.;:!?-").replace(";", ",")


def detect_signals(text: str) -> Signals:
    """Churn threat, unresolved complaint and repeated contact in one answer, with the words
    that triggered each (see the module docstring for what counts)."""
    if not isinstance(text, str) or not text.strip():
        return Signals()
    folded = _fold(text)
    churn = [s for s in _spans(_CHURN, folded)
             if not _NEGATED.search(_clause_before(folded, s[0]))]
    unresolved = _spans(_UNRESOLVED, folded)
    taken = churn + unresolved
    repeated = []
    for s in _spans(_REPEATED, folded):
        again = folded[s[0]:s[1]].lower() == "again"
        if again and (any(a <= s[0] < b for a, b in taken)
                      or _AGAIN_NOT_CONTACT.search(_clause_before(folded, s[0]))):
            continue
        repeated.append(s)
    return Signals(
        churn=tuple(dict.fromkeys(_phrase(text, s) for s in churn)),
        unresolved=tuple(dict.fromkeys(_phrase(text, s) for s in unresolved)),
        repeated=tuple(dict.fromkeys(_phrase(text, s) for s in repeated)),
    )


# --- reasons ---------------------------------------------------------------------------------
_KIND_LABELS = {
    "en": {"churn": "Churn threat", "unresolved": "Unresolved complaint",
           "repeated": "Repeated contact", "very_low": "Very low score ({score})",
           "negative": "negative", "mixed": "mixed",
           "none_low": "Low score ({score}), no specific signal",
           "none_mid": "Negative comment at score {score}"},
    "pl": {"churn": "Groźba odejścia", "unresolved": "Nierozwiązana reklamacja",
           "repeated": "Ponowny kontakt", "very_low": "Bardzo niska ocena ({score})",
           "negative": "wydźwięk negatywny", "mixed": "wydźwięk mieszany",
           "none_low": "Niska ocena ({score}), brak konkretnego sygnału",
           "none_mid": "Negatywny komentarz przy ocenie {score}"},
}
_REASON_KINDS = (("churn", "churn threat"), ("unresolved", "unresolved complaint"),
                 ("repeated", "repeated contact"), ("very_low", "very low score"))
_TOPIC_PART = re.compile(r"^(\S+) \((negative|mixed|wydźwięk negatywny|wydźwięk mieszany)\)$")


def _topic_name(code: str, names: Mapping[str, Mapping[str, str]] | None, lang: str) -> str:
    entry = (names or {}).get(code) or {}
    return str(entry.get(lang) or entry.get("en") or entry.get("pl") or code) \
        if isinstance(entry, Mapping) else str(entry or code)


def _reason(sig: Signals, fired: Mapping[str, bool], negative: list[tuple[str, str]],
            score: Any, low: bool, lang: str,
            names: Mapping[str, Mapping[str, str]] | None) -> str:
    L = _KIND_LABELS[lang]
    shown = _score_text(score)
    parts = []
    for kind, _ in _REASON_KINDS:
        if not fired[kind]:
            continue
        if kind == "very_low":
            parts.append(L["very_low"].format(score=shown))
            continue
        words = getattr(sig, kind)[:2]
        parts.append(L[kind] + (": " + ", ".join(f"'{w}'" for w in words) if words else ""))
    parts += [f"{_topic_name(code, names, lang)} ({L[sent]})" for code, sent in negative]
    if not parts:
        return L["none_low" if low else "none_mid"].format(score=shown)
    return "; ".join(parts)


def _score_text(score: Any) -> str:
    try:
        f = float(score)
    except (TypeError, ValueError):
        return str(score)
    return str(int(f)) if f == int(f) else str(f)


# --- cells -----------------------------------------------------------------------------------
def _items(cell: Any) -> list[Any]:
    if cell is None or isinstance(cell, (str, float, int)):
        return []
    return list(cell)


def _negative_complaint(cell: Any) -> bool:
    """A ``complaints`` topic (level 1 or 2) mentioned negatively (``topic_sentiment``)."""
    return any(str(d["topic"]).split(".")[0] == "complaints"
               and d["sentiment"] in ("negative", "mixed") for d in _items(cell))


def _negative_topics(cell: Any, k: int = 2) -> list[tuple[str, str]]:
    """The most negative topics of an answer: negative ones first, then mixed (at most k)."""
    pairs = [(str(d["topic"]), str(d["sentiment"])) for d in _items(cell)
             if d.get("sentiment") in ("negative", "mixed")]
    pairs.sort(key=lambda p: p[1] != "negative")  # stable: order of mention within a label
    return list(dict.fromkeys(pairs))[:k]


def _codes(cell: Any) -> list[str]:
    if isinstance(cell, str):
        return [c.strip() for c in cell.split(";") if c.strip()]
    return [str(c) for c in _items(cell)]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^.!?\n]+[.!?]*", text) if s.strip()]


def _informative(s: str) -> bool:
    return len(re.findall(r"\w+", s)) >= 3


def _evidence(text: str, clauses: Any, sig: Signals) -> str:
    """The clause carrying the first signal, else the most negative clause that says
    something, else the answer."""
    cl = [c for c in _items(clauses) if isinstance(c, Mapping) and c.get("text")]
    for phrase in sig.churn + sig.unresolved + sig.repeated:
        low = phrase.lower()
        hit = [str(c["text"]) for c in cl if low in str(c["text"]).lower()]
        if not hit:
            hit = [s for s in _sentences(text) if low in s.lower()]
        if hit:
            return min(hit, key=len)
    neg = sorted((c for c in cl if c.get("label") == "negative"),
                 key=lambda c: -float(c.get("confidence") or 0))
    if neg and _informative(str(neg[0]["text"])):
        return str(neg[0]["text"])
    better = [c for c in neg + [c for c in cl if c.get("label") == "mixed"]
              if _informative(str(c["text"]))]
    if better:
        return str(better[0]["text"])
    return text


def _segments(row: Mapping[str, Any], cols: list[str]) -> str:
    out = []
    for c in cols:
        v = row.get(c)
        if v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() in ("", "nan"):
            continue
        out.append(f"{c[len(SEGMENT_PREFIX):]}: {v}")
    return "; ".join(out)


# --- the list --------------------------------------------------------------------------------
def followup_list(responses: pd.DataFrame, *, scale: str | ScoreScale = NPS,
                  include_passives: bool = True,
                  topic_names: Mapping[str, Mapping[str, str]] | None = None,
                  names_lang: str = "en", segment_columns: bool = False,
                  by_date: bool = True) -> pd.DataFrame:
    """Detractors (and negative passives) to contact, highest priority first.

    ``topic_names`` (``{code: {"pl": .., "en": ..}}``) names the topics in ``topic_names``
    (in ``names_lang``), ``reason`` (English) and ``reason_pl`` (Polish); without it the codes
    are shown. ``segments`` holds every ``segment_*`` value of the answer ("kanal: app;
    region: mazowieckie"); ``segment_columns=True`` adds the raw ``segment_*`` columns after
    :data:`FOLLOWUP_COLUMNS`. ``by_date=True`` sorts with :func:`sort_followup` (ties broken
    by the newest answer), otherwise by priority score, score and response id."""
    sc = get_scale(scale)
    df = responses[responses["score"].notna()].copy()
    if "non_answer" in df.columns:
        has_text = ~df["non_answer"].astype(bool)
    else:
        has_text = df["text"].astype(str).str.strip().ne("")
    sentiment = df["sentiment"] if "sentiment" in df.columns else pd.Series("", index=df.index)
    is_low = df["score_group"] == sc.low
    is_mid_neg = (df["score_group"] == sc.middle) & sentiment.isin(["negative", "mixed"])
    pick = is_low | (is_mid_neg if include_passives else False)
    df = df[pick & (has_text | is_low)]
    seg_cols = sorted(c for c in responses.columns if str(c).startswith(SEGMENT_PREFIX))
    columns = list(FOLLOWUP_COLUMNS) + (seg_cols if segment_columns else [])
    if df.empty:
        empty = pd.DataFrame(columns=columns)
        empty["date"] = pd.Series(dtype="datetime64[ns]")
        return empty
    text = df["text"].fillna("").astype(str)
    sigs = [detect_signals(t) for t in text]
    complaint = df["topic_sentiment"].map(_negative_complaint).astype(bool) \
        if "topic_sentiment" in df.columns else pd.Series(False, index=df.index)
    churn = np.array([bool(s.churn) for s in sigs])
    unresolved = np.array([bool(s.unresolved) for s in sigs]) | complaint.to_numpy()
    repeated = np.array([bool(s.repeated) for s in sigs])
    very_low = (df["score"].astype(float) <= sc.min + (sc.low_max - sc.min) // 3).to_numpy()
    low = is_low.loc[df.index].to_numpy()
    points = np.where(low, 2, 1) + 3 * churn + 2 * unresolved + 1 * repeated + 1 * very_low
    records = df.to_dict("records")
    negatives = [_negative_topics(r.get("topic_sentiment")) for r in records]
    fired = [dict(zip(("churn", "unresolved", "repeated", "very_low"), f, strict=True))
             for f in zip(churn, unresolved, repeated, very_low, strict=True)]
    codes = [_codes(r.get("topics")) for r in records]
    out = pd.DataFrame({
        "priority": pd.cut(points, bins=[-1, 2, 3, 100], labels=["low", "medium", "high"])
        .astype(str),
        "priority_score": points.astype(int),
        "reasons": [", ".join(label for kind, label in _REASON_KINDS if f[kind]) for f in fired],
        "signals": ["; ".join(s.phrases()) for s in sigs],
        "reason": [_reason(s, f, n, r["score"], lo, "en", topic_names)
                   for s, f, n, r, lo in zip(sigs, fired, negatives, records, low, strict=True)],
        "reason_pl": [_reason(s, f, n, r["score"], lo, "pl", topic_names)
                      for s, f, n, r, lo in zip(sigs, fired, negatives, records, low,
                                                strict=True)],
        "response_id": df["response_id"].astype(str).to_numpy(),
        "question": df["question"].to_numpy() if "question" in df.columns else "",
        "score": df["score"].to_numpy(),
        "score_group": df["score_group"].to_numpy(),
        "sentiment": sentiment.loc[df.index].to_numpy(),
        "topics": ["; ".join(c) for c in codes],
        "topic_names": ["; ".join(_topic_name(x, topic_names, names_lang) for x in c)
                        for c in codes],
        "segments": [_segments(r, seg_cols) for r in records],
        "date": pd.to_datetime(df["date"], errors="coerce").to_numpy()
        if "date" in df.columns else pd.NaT,
        "evidence": [_evidence(t, r.get("clause_sentiment"), s)
                     for t, r, s in zip(text, records, sigs, strict=True)],
        "text": text.to_numpy(),
    })
    out["date"] = pd.to_datetime(out["date"])
    if segment_columns:
        for c in seg_cols:
            out[c] = df[c].to_numpy()
    if by_date:
        return sort_followup(out)
    return out.sort_values(["priority_score", "score", "response_id"],
                           ascending=[False, True, True], kind="stable").reset_index(drop=True)


def sort_followup(follow: pd.DataFrame, *, by_date: bool = True) -> pd.DataFrame:
    """Priority score (high first), score (low first), date (newest first, undated last)
    when ``by_date`` and the table has dates, then response id."""
    keys, asc = ["priority_score", "score"], [False, True]
    tmp = follow.copy()
    if by_date and "date" in tmp.columns:
        d = pd.to_datetime(tmp["date"], errors="coerce")
        tmp["_undated"] = d.isna()
        tmp["_date"] = d
        keys, asc = keys + ["_undated", "_date"], asc + [True, False]
    keys, asc = keys + ["response_id"], asc + [True]
    out = tmp.sort_values(keys, ascending=asc, kind="stable", na_position="last")
    return out.drop(columns=[c for c in ("_undated", "_date") if c in out.columns]) \
        .reset_index(drop=True)


def with_topic_names(follow: pd.DataFrame, topic_names: Mapping[str, Mapping[str, str]],
                     names_lang: str = "en") -> pd.DataFrame:
    """The follow-up table with topic names instead of codes in ``topic_names``, ``reason``
    and ``reason_pl`` (for a table made without ``topic_names``, as the pipeline's is)."""
    out = follow.copy()
    if not topic_names or out.empty or "topics" not in out.columns:
        return out
    codes = [_codes(c) for c in out["topics"]]
    out["topic_names"] = ["; ".join(_topic_name(x, topic_names, names_lang) for x in c)
                          for c in codes]
    for col, lang in (("reason", "en"), ("reason_pl", "pl")):
        if col in out.columns:
            out[col] = [_rename_parts(str(r), set(c), topic_names, lang)
                        for r, c in zip(out[col], codes, strict=True)]
    return out


def _rename_parts(reason: str, codes: Iterable[str],
                  names: Mapping[str, Mapping[str, str]], lang: str) -> str:
    known = set(codes)
    parts = []
    for part in reason.split("; "):
        m = _TOPIC_PART.match(part)
        if m and m.group(1) in known:
            part = f"{_topic_name(m.group(1), names, lang)} ({m.group(2)})"
        parts.append(part)
    return "; ".join(parts)
