Feature: Checks
    Scenario: Metric
        When I test "checks/Metric"
        Then the output should contain exactly:
            """
            test.md:1:1:Checks.MetricValue:This topic has 1.00 H2s in it.
            """

    Scenario: Conditional
        When I test "checks/Conditional"
        Then the output should contain exactly:
            """
            test.md:9:5:Checks.MultiCapture:'NFL' has no definition
            """

    Scenario: Occurrence
        When I test "checks/Occurrence"
        Then the output should contain exactly:
            """
            test.md:1:1:demo.ZeroOccurrence:No intro
            test.md:1:3:demo.MinCount:Content too short (1).
            test2.md:1:3:demo.MinCount:Content too short (3).
            test3.md:7:37:demo.CharCount:Topic titles should use fewer than 70 characters.
            test3.md:11:4:demo.CharCount:Topic titles should use fewer than 70 characters.
            test3.md:27:6:demo.CharCount:Topic titles should use fewer than 70 characters.
            """

    Scenario: SentenceCase
        When I test "checks/SentenceCase"
        Then the output should contain exactly:
            """
            test.html:6:1:demo.SentenceCase:'Something Weird is happening With Vale With Entities' should be sentence-cased
            test.md:5:3:demo.SentenceCase:'this isn't in sentence case' should be sentence-cased
            test.md:11:3:demo.SentenceCase:'This Does Not Comply' should be sentence-cased
            """

    Scenario: Capitalization
        When I test "checks/Capitalization"
        Then the output should contain exactly:
            """
            test2.md:1:3:demo.CustomCap:'Section about the MacBook pro ultimate edition' should be in title case
            test4.md:9:4:demo.SentenceCase:'An unimportant Heading' should be sentence-cased
            test4.md:15:4:demo.SentenceCase:'B. An unimportant heading' should be sentence-cased
            """

    Scenario: Spelling
        When I test "checks/Spelling"
        Then the output should contain exactly:
            """
            test.md:16:1:Vale.Spelling:Did you really mean 'gitlab'?
            test.md:28:11:Vale.Spelling:Did you really mean 'typpo'?
            test.md:32:17:Vale.Spelling:Did you really mean 'gfm'?
            test.md:34:17:Vale.Spelling:Did you really mean 'remmark'?
            """

    Scenario: Existence
        When I test "checks/Existence"
        Then the output should contain exactly:
            """
            test.md:3:6:write-good.E-Prime:Avoid using "is"
            test.md:7:4:write-good.E-Prime:Avoid using "Here's"
            test.md:9:6:write-good.E-Prime:Avoid using "is"
            test.md:9:28:vale.Spacing:Use exactly one space between sentences and clauses. Check 'e.A' for spacing problems.
            """

