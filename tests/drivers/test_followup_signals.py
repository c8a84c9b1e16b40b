"""Follow-up signals: churn threat and unresolved complaint, case tables in Polish and English.

The expected labels follow ``FOLLOWUP_CASES.md`` (next to this file). Each case:
``(text, score, churn threat?, unresolved complaint?)``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cxtext.drivers.followup import (
    FOLLOWUP_COLUMNS,
    detect_signals,
    followup_list,
    sort_followup,
    with_topic_names,
)

CASES_PL: list[tuple[str, int, bool, bool]] = [
    # explicit intent to leave
    ("Rezygnuję z waszych usług od przyszłego miesiąca.", 2, True, False),
    ("rezygnuje z uslug, mam dosc", 1, True, False),
    ("Odchodzę do konkurencji, tam przynajmniej ktoś odbiera telefon.", 0, True, False),
    ("odchodze do konkurencji i tyle", 3, True, False),
    ("Po 8 latach zmieniam operatora, ceny rosną co kwartał.", 2, True, False),
    ("Zmieniam bank, aplikacja ciągle się wiesza.", 3, True, False),
    ("zmieniam operatora", 2, True, False),
    ("To był ostatni raz, kiedy u was zamawiałam.", 1, True, False),
    ("Pierwszy i ostatni raz w tym sklepie.", 2, True, False),
    ("Więcej u was nie kupię, obsługa arogancka.", 1, True, False),
    ("wiecej u was nie kupie", 2, True, False),
    ("Nigdy więcej nie zamówię z tej strony.", 0, True, False),
    ("NIGDY WIĘCEJ!!!", 0, True, False),
    ("Wypowiadam umowę, bo podnieśliście cenę bez informacji.", 2, True, False),
    ("Złożyłem wypowiedzenie umowy, niech się konsultant nie dziwi.", 1, True, False),
    ("Zamykam konto w waszym banku jeszcze w tym tygodniu.", 2, True, False),
    ("Przenoszę numer do innej sieci, dość tych przerw w zasięgu.", 1, True, False),
    ("Jeśli jeszcze raz paczka zginie, zmieniam sklep.", 5, True, False),
    ("Rozważam zmianę operatora na innego.", 6, True, False),
    ("Szukam już innego banku, ten mnie zawiódł.", 3, True, False),
    ("Moja noga więcej tu nie postanie.", 0, True, False),
    ("Nie mogę zrezygnować z abonamentu, formularz na stronie wyrzuca błąd.", 2, True, False),
    ("Zmienię dostawcę prądu, jak tylko skończy się umowa.", 2, True, False),
    ("Przechodzę do Orange, mają lepszy zasięg.", 3, True, False),
    ("anuluje subskrypcje, nie oplaca sie", 4, True, False),
    ("Chciałem odejść od was już rok temu i teraz to robię.", 2, True, False),
    ("Kupuję teraz u konkurencji, bo tam dostawa jest na drugi dzień.", 3, True, False),
    ("Składam rezygnację z pakietu telewizyjnego.", 4, True, False),
    ("Rezygnuję z zakupów w waszym sklepie, za dużo nerwów.", 3, True, False),
    # traps: newsletters, nouns, one order, other senses, comparisons
    ("Rezygnacja z newslettera nie działa, link jest zepsuty.", 5, False, False),
    ("Nie da się wypisać z newslettera ani zrezygnować z powiadomień SMS.", 6, False, False),
    ("zrezygnowalam z newslettera bo codziennie spam", 6, False, False),
    ("Wypisałam się z newslettera, bo przychodził pięć razy dziennie.", 6, False, False),
    ("Formularz rezygnacji jest nieczytelny i za długi.", 6, False, False),
    ("Zrezygnowałem z zamówienia, bo koszt dostawy pojawił się dopiero w koszyku.", 4, False,
     False),
    ("Prawie zrezygnowałem z zakupu przez tę stronę płatności.", 7, False, False),
    ("Anulowałam zamówienie i kupiłam inny model, bo tamten był niedostępny.", 6, False, False),
    ("Odszedłem od kasy bez paragonu, bo kasjerka gdzieś poszła.", 5, False, False),
    ("Przejdę do rzeczy: kurier rzucił paczką o ziemię.", 3, False, False),
    ("Ostatni raz zamawiałem w maju i wtedy było w porządku, teraz dramat.", 4, False, False),
    ("U konkurencji jest taniej o jakieś 20 zł.", 6, False, False),
    ("Wypowiadam się jako wieloletni klient: jakość spadła.", 5, False, False),
    # negated intent
    ("Nie zamierzam rezygnować, ale ceny są za wysokie.", 6, False, False),
    ("nie zamierzam rezygnowac, tylko poprawcie aplikacje", 6, False, False),
    ("Nie odejdę od was, tylko popracujcie nad dostawą.", 7, False, False),
    ("nie zmienie banku bo mam tu kredyt, ale aplikacja jest fatalna", 5, False, False),
    ("Nie mam zamiaru odchodzić, po prostu infolinia mogłaby działać szybciej.", 7, False,
     False),
    ("Nie ma mowy, żebym zmieniała operatora, ale zasięg w domu jest kiepski.", 6, False,
     False),
    # unresolved complaints
    ("Czekam na zwrot pieniędzy od miesiąca.", 1, False, True),
    ("czekam na zwrot pieniedzy juz trzeci tydzien", 2, False, True),
    ("czekam na odpowiedz na reklamacje od 2 tygodni", 1, False, True),
    ("Reklamacja bez odpowiedzi od 3 tygodni.", 2, False, True),
    ("Oddałem laptopa do serwisu na gwarancji, leży tam już sześć tygodni.", 3, False, True),
    ("Serwis gwarancyjny to fikcja – telefon naprawiany od 40 dni.", 1, False, True),
    ("Nikt nie oddzwonił, choć obiecali kontakt w 24 godziny.", 3, False, True),
    ("nikt nie oddzwonil", 4, False, True),
    ("nikt sie nie odezwal w sprawie reklamacji", 2, False, True),
    ("Paczka nadal nie dotarła, a status stoi od tygodnia.", 2, False, True),
    ("Pieniądze za zwrócony towar nie wróciły na konto.", 1, False, True),
    ("Nie dostałam zwrotu za anulowane zamówienie.", 3, False, True),
    ("Reklamację rozpatrujecie już ponad miesiąc, to kpina.", 2, False, True),
    ("Reklamacja odrzucona bez żadnego uzasadnienia, buty rozkleiły się po tygodniu.", 1,
     False, True),
    ("Zgłoszę sprawę do rzecznika praw konsumenta, bo nie da się z wami dogadać.", 2, False,
     True),
    ("Zgłoszenie awarii wisi w systemie od pięciu dni.", 3, False, True),
    ("Do dziś nikt się nie odezwał w sprawie uszkodzonej pralki.", 1, False, True),
    ("Konsultant obiecał, że ktoś oddzwoni, i cisza.", 3, False, True),
    ("Trzy maile i dwa telefony, a problem z fakturą nadal nierozwiązany.", 1, False, True),
    ("Nie oddzwaniacie, nie odpisujecie, po prostu porażka.", 0, False, True),
    ("Gdzie są moje pieniądze? Zwrot miał być w 14 dni.", 1, False, True),
    ("Internet od tygodnia nie działa, a technik dalej się nie pojawił.", 0, False, True),
    ("Zmieniłem hasło trzy razy i dalej nie mogę się zalogować.", 3, False, True),
    # not unresolved: a wait that is over, a resolved case, positive "nadal", tenure, generic
    ("Musiałam długo czekać w kolejce do kasy, ale pani była bardzo miła.", 8, False, False),
    ("Sprzedawca uprzejmy, tylko czekałam dość długo na swoją kolej.", 8, False, False),
    ("Dostawa trwała tydzień, ale wszystko doszło całe.", 7, False, False),
    ("Reklamację uznano w dwa dni, ale sam produkt słaby.", 6, False, False),
    ("Nadal polecam, choć ostatnio ceny poszły w górę.", 8, False, False),
    ("Jestem klientem od 10 lat i pierwszy raz jestem tak zawiedziony.", 4, False, False),
    ("Wspaniale, znowu kurier się spóźnił.", 4, False, False),
    ("drogo", 5, False, False),
    ("SKANDAL", 0, False, False),
    # sarcasm and long answers
    ("Super, kolejny miesiąc czekam na zwrot. Chyba czas zmienić bank.", 0, True, True),
    ("Brawo, świetna obsługa, trzeci tydzień bez odpowiedzi na reklamację. Żegnam, "
     "przechodzę do konkurencji.", 0, True, True),
    ("No pięknie, paczka wciąż nie dotarła, a infolinia milczy.", 2, False, True),
    ("Zamówiłem lodówkę na początku miesiąca, przyszła z wgnieceniem na drzwiach. Kurier "
     "kazał podpisać protokół, podpisałem, wysłałem zdjęcia, wypełniłem formularz na stronie. "
     "Od tamtej pory czekam na decyzję, dzwoniłem dwa razy i za każdym razem słyszę, że "
     "sprawa jest w toku. Jeśli do końca miesiąca nic się nie zmieni, rezygnuję z karty "
     "lojalnościowej i kupuję u konkurencji.", 1, True, True),
    ("Generalnie jestem zadowolona z zakupów, ceny są w porządku, asortyment duży. Minusem "
     "jest to, że w sklepie przy Długiej często brakuje koszyków i trzeba chwilę poczekać "
     "przy kasie samoobsługowej, ale to drobiazg.", 7, False, False),
]

CASES_EN: list[tuple[str, int, bool, bool]] = [
    # explicit intent to leave
    ("I'm cancelling my subscription today.", 1, True, False),
    ("Switching to Vodafone as soon as my contract ends.", 2, True, False),
    ("Never ordering again.", 0, True, False),
    ("I am closing my account with you.", 2, True, False),
    ("Taking my business elsewhere.", 1, True, False),
    ("This was my last order with you.", 2, True, False),
    ("I will never buy from this shop again.", 0, True, False),
    ("Won't be back.", 3, True, False),
    ("I won't renew my contract next year.", 4, True, False),
    ("If this happens again I'm leaving.", 5, True, False),
    ("Looking for another provider now.", 3, True, False),
    ("I'm done with you people.", 0, True, False),
    ("I can't cancel my account, the button does nothing.", 2, True, False),
    ("Moving to another bank next month.", 3, True, False),
    ("never again", 0, True, False),
    ("NEVER AGAIN. Worst experience ever.", 0, True, False),
    ("I've already switched to a competitor.", 1, True, False),
    ("Porting my number to another carrier.", 2, True, False),
    ("Cancelled my membership after this fiasco.", 1, True, False),
    ("Thinking about switching providers, honestly.", 5, True, False),
    ("Please cancel my account, I'm done.", 0, True, False),
    ("I'm switching to Orange, their network actually works.", 2, True, False),
    ("Will not be shopping here again.", 1, True, False),
    ("Never coming back to this store.", 0, True, False),
    ("I'm not coming back.", 1, True, False),
    ("going elsewhere from now on", 3, True, False),
    # traps: leaving, newsletters, one order, other senses, comparisons
    ("I was leaving the store when the alarm went off for no reason.", 5, False, False),
    ("Leaving a 3 because the delivery was late.", 3, False, False),
    ("I'm leaving you a one-star review.", 1, False, False),
    ("The courier left the parcel in the rain.", 2, False, False),
    ("The unsubscribe link in your emails is broken.", 5, False, False),
    ("Cancelled the newsletter, too many emails.", 6, False, False),
    ("The cancellation fee was not explained anywhere.", 4, False, False),
    ("I cancelled the order and bought the blue one instead.", 6, False, False),
    ("I nearly gave up on the checkout, so many steps.", 7, False, False),
    ("Switched to dark mode and the app became unreadable.", 6, False, False),
    ("I switched to the app because the website kept crashing.", 5, False, False),
    ("Last time I ordered it came on time, this time a week late.", 4, False, False),
    ("Competitors are cheaper, just saying.", 6, False, False),
    ("The delivery was late again.", 5, False, False),
    ("I'd happily order again if shipping were cheaper.", 8, False, False),
    # negated intent
    ("I won't switch, but please fix the app.", 6, False, False),
    ("I'm not leaving, just annoyed with the queues.", 7, False, False),
    ("No plans to cancel, the price is fine, support is slow though.", 7, False, False),
    ("Why would I switch? Everyone else is just as bad.", 6, False, False),
    ("I don't want to cancel, but the price increase is steep.", 6, False, False),
    # unresolved complaints
    ("Still waiting for my refund.", 1, False, True),
    ("It's been a month and I'm still waiting on the money.", 2, False, True),
    ("My laptop has been in repair for 6 weeks.", 2, False, True),
    ("Nobody called me back.", 3, False, True),
    ("No one got back to me about my complaint.", 2, False, True),
    ("I never heard back from customer service.", 3, False, True),
    ("I haven't received my refund yet.", 1, False, True),
    ("The parcel still hasn't arrived.", 2, False, True),
    ("My complaint has had no response for two weeks.", 1, False, True),
    ("They promised a callback within 24 hours. Nothing.", 3, False, True),
    ("My warranty claim was denied for no reason.", 1, False, True),
    ("I'm filing a chargeback with my bank.", 0, False, True),
    ("Ticket open for 10 days, no update.", 2, False, True),
    ("The issue is still not resolved after three calls.", 1, False, True),
    ("The order was never delivered and no refund either.", 0, False, True),
    ("Where is my money? You promised a refund in 14 days.", 1, False, True),
    ("Escalating this to the ombudsman.", 0, False, True),
    ("Internet has been down for a week and the technician never showed up.", 0, False, True),
    ("phone sent for warranty repair 5 weeks ago, no news", 2, False, True),
    # not unresolved: a wait that is over, a resolved case, positive "still", generic
    ("I had to wait 20 minutes at the till.", 7, False, False),
    ("The refund took a month but it did come eventually.", 6, False, False),
    ("Support fixed it quickly, but the product itself is poor.", 6, False, False),
    ("Still my favourite shop, just the prices went up.", 8, False, False),
    ("Not happy", 4, False, False),
    ("The app is slow.", 6, False, False),
    # sarcasm and long answers
    ("Oh great, week four of waiting for a refund. Switching to Revolut.", 0, True, True),
    ("Fantastic service, nobody answers the phone. I'll take my money elsewhere.", 0, True,
     True),
    ("Love how my complaint was just ignored. Brilliant.", 2, False, True),
    ("I ordered a sofa in March, it arrived with a torn cushion. I sent photos the same day, "
     "filled in your return form and was told someone would contact me within 48 hours. That "
     "was three weeks ago. I have called twice since and each time I was told the case is "
     "with another department. If I don't hear from you by Friday I am cancelling my card and "
     "moving my savings to another bank.", 1, True, True),
    ("Overall I'm fairly satisfied. The staff in the Leeds branch were friendly, the queue was "
     "a bit long when I was leaving the store on Saturday and parking is a pain, but that's "
     "not really your fault.", 7, False, False),
]

CASES = [pytest.param(*c, id=f"pl{i:02d}") for i, c in enumerate(CASES_PL)] + \
        [pytest.param(*c, id=f"en{i:02d}") for i, c in enumerate(CASES_EN)]


def test_case_tables_are_large_enough() -> None:
    assert len(CASES_PL) >= 60 and len(CASES_EN) >= 60
    for table in (CASES_PL, CASES_EN):
        assert {(c, u) for _, _, c, u in table} == {(True, False), (False, True),
                                                    (False, False), (True, True)}


@pytest.mark.parametrize("text, score, churn, unresolved", CASES)
def test_signal_cases(text: str, score: int, churn: bool, unresolved: bool) -> None:
    found = detect_signals(text)
    assert bool(found.churn) is churn, found
    assert bool(found.unresolved) is unresolved, found
    for phrase in found.churn + found.unresolved + found.repeated:
        assert phrase.lower() in text.lower()  # the words that triggered it, as written


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A minimal enriched response table (NPS scale)."""
    df = pd.DataFrame(rows)
    n = len(df)
    defaults: dict[str, object] = {"question": "q", "sentiment": "negative",
                                   "non_answer": False, "topics": [[]] * n,
                                   "topic_sentiment": [[]] * n}
    for col, val in defaults.items():
        if col not in df.columns:
            df[col] = val
    if "response_id" not in df.columns:
        df["response_id"] = [f"r{i:03d}" for i in range(n)]
    df["score_group"] = ["promoter" if s >= 9 else "passive" if s >= 7 else "detractor"
                         for s in df["score"]]
    return df


def test_cases_through_the_followup_list() -> None:
    cases = CASES_PL + CASES_EN
    df = frame([{"text": t, "score": s} for t, s, _, _ in cases])
    out = followup_list(df).set_index("response_id")
    assert len(out) == len(cases)
    for rid, (text, _, churn, unresolved) in zip(df["response_id"], cases, strict=True):
        row = out.loc[rid]
        assert ("churn threat" in row["reasons"]) is churn, text
        assert ("unresolved complaint" in row["reasons"]) is unresolved, text
        assert bool(row["signals"]) is bool(churn or unresolved or "repeated" in row["reasons"])
        if churn:
            assert row["reason"].startswith("Churn threat: '")
            assert row["reason_pl"].startswith("Groźba odejścia: '")


def test_columns_reason_and_topic_names() -> None:
    df = frame([
        {"text": "Przechodzę do Orange, bo co tydzień nie ma zasięgu.", "score": 1,
         "topics": ["network.outages", "price.level"],
         "topic_sentiment": [{"topic": "network.outages", "sentiment": "negative"},
                             {"topic": "price.level", "sentiment": "positive"}],
         "segment_kanal": "infolinia", "segment_region": "mazowieckie",
         "date": pd.Timestamp("2025-03-02")},
    ])
    names = {"network.outages": {"pl": "Awarie sieci", "en": "Network outages"},
             "price.level": {"pl": "Poziom cen", "en": "Price level"}}
    out = followup_list(df, topic_names=names)
    assert list(out.columns) == list(FOLLOWUP_COLUMNS)
    row = out.iloc[0]
    assert row["signals"] == "Przechodzę do Orange"
    assert row["reason"] == ("Churn threat: 'Przechodzę do Orange'; Very low score (1); "
                             "Network outages (negative)")
    assert row["reason_pl"] == ("Groźba odejścia: 'Przechodzę do Orange'; Bardzo niska ocena "
                                "(1); Awarie sieci (wydźwięk negatywny)")
    assert row["topics"] == "network.outages; price.level"
    assert row["topic_names"] == "Network outages; Price level"
    assert row["segments"] == "kanal: infolinia; region: mazowieckie"
    assert row["date"] == pd.Timestamp("2025-03-02")
    assert row["priority"] == "high"
    # without names: codes; with_topic_names() names them afterwards (what the report does)
    plain = followup_list(df)
    assert plain.loc[0, "topic_names"] == "network.outages; price.level"
    assert plain.loc[0, "reason"].endswith("; network.outages (negative)")
    named = with_topic_names(plain, names)
    assert named.loc[0, "reason"] == row["reason"]
    assert named.loc[0, "reason_pl"] == row["reason_pl"]
    assert named.loc[0, "topic_names"] == "Network outages; Price level"
    # the raw segment columns on request
    wide = followup_list(df, segment_columns=True)
    assert list(wide.columns) == [*FOLLOWUP_COLUMNS, "segment_kanal", "segment_region"]
    assert wide.loc[0, "segment_kanal"] == "infolinia"


def test_reason_without_signals_and_from_a_complaints_topic() -> None:
    df = frame([
        {"text": "drogo", "score": 5, "response_id": "a"},
        {"text": "słabo", "score": 6, "response_id": "b", "topics": ["complaints.process"],
         "topic_sentiment": [{"topic": "complaints.process", "sentiment": "negative"}]},
        {"text": "meh", "score": 7, "response_id": "c", "sentiment": "mixed"},
    ])
    out = followup_list(df).set_index("response_id")
    assert out.loc["a", "reason"] == "Low score (5), no specific signal"
    assert out.loc["a", "reason_pl"] == "Niska ocena (5), brak konkretnego sygnału"
    assert out.loc["a", "signals"] == ""
    assert out.loc["b", "reason"] == "Unresolved complaint; complaints.process (negative)"
    assert out.loc["b", "reason_pl"].startswith("Nierozwiązana reklamacja; ")
    assert out.loc["c", "reason"] == "Negative comment at score 7"


def test_no_date_and_no_segments() -> None:
    out = followup_list(frame([{"text": "drogo", "score": 3}]))
    assert list(out.columns) == list(FOLLOWUP_COLUMNS)
    assert pd.isna(out.loc[0, "date"]) and out.loc[0, "segments"] == ""
    empty = followup_list(frame([{"text": "super", "score": 10}]))
    assert empty.empty and list(empty.columns) == list(FOLLOWUP_COLUMNS)


def test_polite_passive_with_a_mild_wait_is_low() -> None:
    df = frame([
        {"text": "Obsługa uprzejma, tylko trochę musiałem poczekać na kuriera.", "score": 8,
         "sentiment": "mixed", "response_id": "p"},
        {"text": "Od dwóch tygodni czekam na zwrot za reklamację.", "score": 8,
         "sentiment": "negative", "response_id": "q"},
        {"text": "Wypisałam się z newslettera i dalej go dostaję.", "score": 7,
         "sentiment": "negative", "response_id": "n"},
    ])
    out = followup_list(df).set_index("response_id")
    assert out.loc["p", "priority"] == "low" and out.loc["p", "signals"] == ""
    assert out.loc["q", "priority"] == "medium"  # a passive's open complaint: 1 + 2
    assert "churn" not in out.loc["n", "reasons"]


def test_repeated_contact_is_not_never_again() -> None:
    assert detect_signals("Dzwoniłam już trzy razy i znowu nic.").repeated
    assert detect_signals("Third time I'm writing about this.").repeated
    assert detect_signals("Late again, as usual.").repeated
    for text in ("Never ordering again.", "I'd order again.", "Won't buy from you again."):
        assert not detect_signals(text).repeated, text


def test_sort_priority_score_date_id() -> None:
    df = frame([
        {"text": "drogo", "score": 4, "response_id": "old", "date": pd.Timestamp("2025-01-01")},
        {"text": "drogo", "score": 4, "response_id": "new", "date": pd.Timestamp("2025-02-01")},
        {"text": "drogo", "score": 3, "response_id": "low", "date": pd.Timestamp("2024-01-01")},
        {"text": "Zmieniam bank.", "score": 6, "response_id": "churn",
         "date": pd.Timestamp("2024-01-01")},
        {"text": "drogo", "score": 4, "response_id": "a", "date": pd.NaT},
    ])
    out = followup_list(df)
    # priority score, score, then the newest answer first (undated last), then response id;
    # the streamed (chunked) table keeps the same order
    assert list(out["response_id"]) == ["churn", "low", "new", "old", "a"]
    assert out["priority_score"].is_monotonic_decreasing
    assert list(sort_followup(out.iloc[::-1])["response_id"]) == list(out["response_id"])
    assert list(followup_list(df, by_date=False)["response_id"]) == \
        ["churn", "low", "a", "new", "old"]


def test_evidence_is_the_clause_with_the_signal() -> None:
    clauses = [{"text": "SKANDAL", "label": "negative", "confidence": 0.99},
               {"text": "od trzech tygodni czekam na zwrot pieniędzy", "label": "negative",
                "confidence": 0.7},
               {"text": "kurier był miły", "label": "positive", "confidence": 0.9}]
    bare = [{"text": "SKANDAL", "label": "negative", "confidence": 0.99},
            {"text": "paczka przyszła pognieciona i bez faktury", "label": "negative",
             "confidence": 0.6}]
    df = frame([
        {"text": "SKANDAL, od trzech tygodni czekam na zwrot pieniędzy, kurier był miły",
         "score": 0, "response_id": "a", "clause_sentiment": clauses},
        {"text": "SKANDAL, paczka przyszła pognieciona i bez faktury", "score": 2,
         "response_id": "b", "clause_sentiment": bare},
        {"text": "Not happy. The courier threw the box over the fence. Switching to another "
                 "shop.", "score": 1, "response_id": "c", "clause_sentiment": []},
        {"text": "SKANDAL", "score": 0, "response_id": "d", "clause_sentiment": []},
    ])
    out = followup_list(df).set_index("response_id")
    assert out.loc["a", "evidence"] == "od trzech tygodni czekam na zwrot pieniędzy"
    assert out.loc["b", "evidence"] == "paczka przyszła pognieciona i bez faktury"
    assert out.loc["c", "evidence"] == "Switching to another shop."
    assert out.loc["d", "evidence"] == "SKANDAL"  # nothing better to show


def test_the_report_section() -> None:
    from cxtext.report import ReportData, render_html

    n = 60
    df = frame([{"text": f"Czekam na zwrot od {i + 2} dni", "score": i % 7,
                 "topics": ["complaints.refunds"], "segment_kanal": "infolinia",
                 "topic_sentiment": [{"topic": "complaints.refunds", "sentiment": "negative"}],
                 "date": pd.Timestamp("2025-04-01") + pd.Timedelta(days=i)} for i in range(n)])
    follow = followup_list(df)
    names = {"complaints.refunds": {"pl": "Zwroty pieniędzy", "en": "Refunds"}}
    for lang, line, reason, topic in (
            ("en", "Showing 50 of 60 - the full list is in tables/followup.csv and the "
                   "&#39;Follow-up&#39; sheet of report.xlsx",
             "Unresolved complaint: &#39;Czekam na zwrot", "Refunds (negative)"),
            ("pl", "Pokazano 50 z 60 - pełna lista jest w pliku tables/followup.csv i w "
                   "arkuszu &#39;Kontakty&#39; pliku report.xlsx",
             "Nierozwiązana reklamacja: &#39;Czekam na zwrot",
             "Zwroty pieniędzy (wydźwięk negatywny)")):
        html = render_html(ReportData(summary={}, nps=pd.DataFrame(), tables={"followup": follow},
                                      mentions=pd.DataFrame(), topic_names=names), lang=lang)
        section = html.split('<section id="followup">')[1].split("</section>")[0]
        assert line in section, lang
        assert reason in section and topic in section
        assert "infolinia" in section and "2025-" in section
        assert "complaints.refunds" not in section
        assert section.count("<tr>") == 51  # header + 50 rows
    # the newest answer first among equal priority and score
    html = render_html(ReportData(summary={}, nps=pd.DataFrame(), tables={"followup": follow},
                                  mentions=pd.DataFrame()), lang="en")
    section = html.split('<section id="followup">')[1]
    assert section.index("2025-05-29") < section.index("2025-05-22")
